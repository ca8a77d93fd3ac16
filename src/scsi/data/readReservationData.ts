import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';

/** The reservation READ RESERVATION reports. */
export interface PersistentReservation {
  key: bigint;
  scope: number;
  type: number;
}

/**
 * PERSISTENT RESERVE IN, READ RESERVATION: 0–3 PRgeneration, 4–7 additional length (0 or 16);
 * then 8–15 reservation key, 16–19 obsolete, 20 reserved, 21 scope (7–4) and type (3–0), 22–23 obsolete.
 */
export interface ReadReservationData {
  generation: number;
  reservation?: PersistentReservation;
}

const STRUCTURE = 'READ RESERVATION data';

export function buildReadReservationData(data: ReadReservationData): Buffer {
  const w = new BufferWriter(24).uint32(data.generation);
  const r = data.reservation;
  if (r === undefined) return w.uint32(0).toBuffer();
  if (r.scope < 0 || r.scope > 15 || r.type < 0 || r.type > 15) throw new RangeError('scope and type are 4-bit fields');
  return w.uint32(16).uint64(r.key).zeros(5).uint8((r.scope << 4) | r.type).zeros(2).toBuffer();
}

/** A reservation cut by the allocation length is reported as absent only if its key did not arrive. */
export function parseReadReservationData(bytes: Uint8Array): ReadReservationData {
  if (bytes.length < 8) throw new ScsiFormatError(STRUCTURE, `${bytes.length} byte(s) is shorter than the 8-byte header`, 'data');
  const padded = Buffer.alloc(Math.max(bytes.length, 24));
  padded.set(bytes);
  const r = new BufferReader(padded, STRUCTURE);
  const generation = r.uint32();
  const length = r.uint32();
  if (length !== 0 && length !== 16) throw r.error(`additional length ${length} is neither 0 nor 16`, 4);
  if (length === 0 || bytes.length < 16) return { generation };
  const key = r.uint64();
  r.skip(5);
  const scopeType = r.uint8();
  return { generation, reservation: { key, scope: scopeType >> 4, type: scopeType & 0x0f } };
}
