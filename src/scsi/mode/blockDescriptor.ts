import type { BufferReader } from '../bufferReader.ts';
import type { BufferWriter } from '../bufferWriter.ts';

/**
 * A mode parameter block descriptor. Short form (8 bytes, general device layout): 0 density
 * code, 1–3 number of blocks, 4 reserved, 5–7 block length. Long LBA form (16 bytes, LONGLBA = 1
 * in the 10-byte header): 0–7 number of blocks, 8–11 reserved, 12–15 block length — it has no
 * density code, so densityCode must be 0 there. Changers usually send none (tgt sends one, zero).
 */
export interface BlockDescriptor {
  densityCode: number;
  numberOfBlocks: bigint;
  blockLength: number;
}

export const SHORT_BLOCK_DESCRIPTOR_LENGTH = 8;
export const LONG_BLOCK_DESCRIPTOR_LENGTH = 16;

export function writeBlockDescriptor(w: BufferWriter, d: BlockDescriptor, long: boolean): void {
  if (long) {
    if (d.densityCode !== 0) throw new RangeError('a long LBA block descriptor has no density code');
    w.uint64(d.numberOfBlocks).zeros(4).uint32(d.blockLength);
    return;
  }
  if (d.numberOfBlocks > 0xffffffn) throw new RangeError(`number of blocks ${d.numberOfBlocks} does not fit a short block descriptor`);
  w.uint8(d.densityCode).uint24(Number(d.numberOfBlocks)).uint8(0).uint24(d.blockLength);
}

export function readBlockDescriptor(r: BufferReader, long: boolean): BlockDescriptor {
  if (long) {
    const numberOfBlocks = r.uint64();
    r.skip(4);
    return { densityCode: 0, numberOfBlocks, blockLength: r.uint32() };
  }
  const densityCode = r.uint8();
  const numberOfBlocks = BigInt(r.uint24());
  r.skip(1);
  return { densityCode, numberOfBlocks, blockLength: r.uint24() };
}
