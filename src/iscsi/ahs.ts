import { BufferReader } from './bufferReader.ts';
import { BufferWriter } from './bufferWriter.ts';
import { IscsiPduError, RejectReason } from './pduError.ts';

/**
 * Additional header segments (RFC 7143 §11.2.2): the two kinds a SCSI Command can carry, the rest
 * of a CDB longer than 16 bytes and the expected read length of a bidirectional command.
 */

export const AhsType = { ExtendedCdb: 1, BidirectionalReadLength: 2 } as const;

export interface AdditionalHeader {
  readonly type: number;
  /** The AHS-specific bytes (AHSLength of them), starting with the reserved byte. */
  readonly specific: Uint8Array;
}

export function parseAdditionalHeaders(bytes: Uint8Array): AdditionalHeader[] {
  const reader = new BufferReader(bytes);
  const headers: AdditionalHeader[] = [];
  while (reader.remaining > 0) {
    if (reader.remaining < 4) throw new IscsiPduError(RejectReason.InvalidPduField, `AHS: ${reader.remaining} stray byte(s) at the end`);
    const length = reader.uint16();
    const type = reader.uint8();
    // AHSLength counts the specific bytes only; they and their padding must fit in what is left.
    const padded = length + ((4 - ((length + 3) % 4)) % 4);
    if (padded > reader.remaining) throw new IscsiPduError(RejectReason.InvalidPduField, `AHS type ${type}: length ${length} runs past TotalAHSLength`);
    const specific = reader.bytes(length);
    reader.skip(padded - length);
    headers.push({ type, specific });
  }
  return headers;
}

export function serializeAdditionalHeaders(headers: readonly AdditionalHeader[]): Buffer {
  const writer = new BufferWriter();
  for (const header of headers) {
    writer.uint16(header.specific.length, 'AHSLength').uint8(header.type, 'AHSType').bytes(header.specific).pad4();
  }
  return writer.toBuffer();
}

export function extendedCdbHeader(cdbTail: Uint8Array): AdditionalHeader {
  const specific = new Uint8Array(1 + cdbTail.length);
  specific.set(cdbTail, 1);
  return { type: AhsType.ExtendedCdb, specific };
}

export function bidirectionalReadLengthHeader(length: number): AdditionalHeader {
  const specific = Buffer.alloc(5);
  specific.writeUInt32BE(length, 1);
  return { type: AhsType.BidirectionalReadLength, specific };
}

/** Interprets a SCSI Command's AHS list: the CDB bytes beyond 16 and the bidirectional read length. */
export function commandExtensions(headers: readonly AdditionalHeader[]): { cdbTail: Uint8Array; bidirectionalReadLength: number | undefined } {
  let cdbTail: Uint8Array = new Uint8Array(0);
  let bidirectionalReadLength: number | undefined;
  for (const header of headers) {
    if (header.type === AhsType.ExtendedCdb) {
      if (header.specific.length < 2) throw new IscsiPduError(RejectReason.InvalidPduField, 'extended CDB AHS without CDB bytes');
      cdbTail = header.specific.subarray(1);
    } else if (header.type === AhsType.BidirectionalReadLength) {
      if (header.specific.length !== 5) throw new IscsiPduError(RejectReason.InvalidPduField, `bidirectional read length AHS has length ${header.specific.length}, not 5`);
      bidirectionalReadLength = Buffer.from(header.specific.buffer, header.specific.byteOffset, 5).readUInt32BE(1);
    } else {
      throw new IscsiPduError(RejectReason.InvalidPduField, `unknown AHS type ${header.type}`);
    }
  }
  return { cdbTail, bidirectionalReadLength };
}
