import { Opcode } from '../opcodes.ts';
import { bit, isSet, openCdb, startCdb, type CdbInput } from '../cdb/cdbCodec.ts';

/**
 * SET CAPACITY (0Bh, SSC-3): byte 1 IMMED bit 0; bytes 3–4 CAPACITY PROPORTION VALUE, the share of
 * the tape's native length to use in 1/65535ths (FFFFh: all of it; mkltfs sends FFFFh).
 */
export interface SetCapacityCdb {
  immediate: boolean;
  proportion: number;
  control: number;
}

export const FULL_CAPACITY_PROPORTION = 0xffff;

export function buildSetCapacityCdb(input: CdbInput<SetCapacityCdb, 'immediate' | 'proportion' | 'control'> = {}): Buffer {
  return startCdb(Opcode.SET_CAPACITY, 6)
    .uint8(bit(input.immediate, 0))
    .uint8(0)
    .uint16(input.proportion ?? FULL_CAPACITY_PROPORTION)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseSetCapacityCdb(cdb: Uint8Array): SetCapacityCdb {
  const r = openCdb(cdb, Opcode.SET_CAPACITY, 6, 'SET CAPACITY');
  const b1 = r.byteWithReserved(0xfe);
  r.reservedBytes(1);
  return { immediate: isSet(b1, 0), proportion: r.uint16(), control: r.uint8() };
}
