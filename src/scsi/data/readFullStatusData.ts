import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';

/**
 * One registration as PERSISTENT RESERVE IN, READ FULL STATUS reports it (SPC-4 6.16.5): 0–7
 * reservation key, 8–11 reserved, 12 bit 1 ALL_TG_PT and bit 0 R_HOLDER, 13 scope (7–4) and
 * type (3–0) — zero unless R_HOLDER — 14–17 reserved, 18–19 relative target port identifier,
 * 20–23 additional descriptor length (n − 23), then the initiator's TransportID.
 */
export interface FullStatusDescriptor {
  key: bigint;
  allTargetPorts: boolean;
  reservationHolder: boolean;
  scope: number;
  type: number;
  relativeTargetPortIdentifier: number;
  transportId: Uint8Array;
}

/** 0–3 PRgeneration, 4–7 additional length (n − 7), then the descriptors. */
export interface ReadFullStatusData {
  generation: number;
  descriptors: FullStatusDescriptor[];
}

export interface ParsedReadFullStatusData extends ReadFullStatusData {
  truncated: boolean;
}

const STRUCTURE = 'READ FULL STATUS data';
const DESCRIPTOR_HEADER_LENGTH = 24;

export function buildReadFullStatusData(data: ReadFullStatusData): Buffer {
  const body = new BufferWriter();
  for (const d of data.descriptors) {
    if (d.scope < 0 || d.scope > 15 || d.type < 0 || d.type > 15) throw new RangeError('scope and type are 4-bit fields');
    body.uint64(d.key).zeros(4)
      .uint8((d.allTargetPorts ? 0x02 : 0) | (d.reservationHolder ? 0x01 : 0))
      .uint8(d.reservationHolder ? (d.scope << 4) | d.type : 0)
      .zeros(4)
      .uint16(d.relativeTargetPortIdentifier)
      .uint32(d.transportId.length)
      .bytes(d.transportId);
  }
  const descriptors = body.toBuffer();
  return new BufferWriter(8 + descriptors.length).uint32(data.generation).uint32(descriptors.length).bytes(descriptors).toBuffer();
}

/** Descriptors cut by the allocation length are left out (truncated = true). */
export function parseReadFullStatusData(bytes: Uint8Array): ParsedReadFullStatusData {
  if (bytes.length < 8) throw new ScsiFormatError(STRUCTURE, `${bytes.length} byte(s) is shorter than the 8-byte header`, 'data');
  const r = new BufferReader(bytes, STRUCTURE);
  const generation = r.uint32();
  const length = r.uint32();
  const end = 8 + length;
  const descriptors: FullStatusDescriptor[] = [];
  while (r.offset + DESCRIPTOR_HEADER_LENGTH <= Math.min(end, bytes.length)) {
    const key = r.uint64();
    r.skip(4);
    const flags = r.uint8();
    const scopeType = r.uint8();
    r.skip(4);
    const relativeTargetPortIdentifier = r.uint16();
    const idLength = r.uint32();
    if (r.offset + idLength > bytes.length) break;
    descriptors.push({
      key, allTargetPorts: (flags & 0x02) !== 0, reservationHolder: (flags & 0x01) !== 0, scope: scopeType >> 4, type: scopeType & 0x0f,
      relativeTargetPortIdentifier, transportId: new Uint8Array(r.bytes(idLength)),
    });
  }
  return { generation, descriptors, truncated: r.offset < end };
}
