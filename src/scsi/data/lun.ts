import type { BufferReader } from '../bufferReader.ts';
import type { BufferWriter } from '../bufferWriter.ts';

/**
 * Single-level 8-byte LUNs (SAM): peripheral device addressing for 0–255 (`00 nn 00…`), flat
 * space addressing for 256–16383 (`4n nn 00…`). Hierarchical and extended forms are not used by
 * anything this project talks to and are refused rather than mis-read.
 */
export const MAX_FLAT_LUN = 0x3fff;

export function writeLun(w: BufferWriter, lun: number): void {
  if (!Number.isInteger(lun) || lun < 0 || lun > MAX_FLAT_LUN) throw new RangeError(`LUN out of range: ${lun}`);
  if (lun < 256) w.uint8(0).uint8(lun);
  else w.uint8(0x40 | (lun >> 8)).uint8(lun & 0xff);
  w.zeros(6);
}

export function readLun(r: BufferReader): number {
  const start = r.offset;
  const b0 = r.uint8();
  const b1 = r.uint8();
  const rest = r.bytes(6);
  const method = b0 >> 6;
  if (method > 1 || (method === 0 && (b0 & 0x3f) !== 0)) {
    throw r.error(`LUN ${r.buffer.subarray(start, start + 8).toString('hex')} uses an addressing method other than peripheral/flat`, start, 7);
  }
  if (rest.some((b) => b !== 0)) throw r.error('multi-level LUNs are not supported', start + 2);
  return method === 0 ? b1 : ((b0 & 0x3f) << 8) | b1;
}
