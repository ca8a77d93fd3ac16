import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, isSet, openCdb, startCdb, type CdbInput } from '../cdb/cdbCodec.ts';

/** ERASE(6) (19h, SSC-3): LONG (bit 0) erases to the end of the partition, else only marks end of data here; IMMED bit 1. */
export interface Erase6Cdb {
  immediate: boolean;
  long: boolean;
  control: number;
}

export function buildErase6Cdb(input: CdbInput<Erase6Cdb, 'immediate' | 'long' | 'control'> = {}): Buffer {
  return startCdb(Opcode.ERASE_6, 6)
    .uint8(bit(input.immediate, 1) | bit(input.long, 0))
    .zeros(3)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseErase6Cdb(cdb: Uint8Array): Erase6Cdb {
  const r = openCdb(cdb, Opcode.ERASE_6, 6, 'ERASE(6)');
  const b1 = r.byteWithReserved(0xfc & ~OBSOLETE_LUN_BITS);
  r.reservedBytes(3);
  return { immediate: isSet(b1, 1), long: isSet(b1, 0), control: r.uint8() };
}
