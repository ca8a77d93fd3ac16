import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, isSet, openCdb, startCdb, type CdbInput } from '../cdb/cdbCodec.ts';

/** REWIND (01h, SSC-3): position the tape at the beginning of the partition. */
export interface RewindCdb {
  /** IMMED: GOOD status as soon as the command is validated, before the tape stops moving. */
  immediate: boolean;
  control: number;
}

export function buildRewindCdb(input: CdbInput<RewindCdb, 'immediate' | 'control'> = {}): Buffer {
  return startCdb(Opcode.REWIND, 6)
    .uint8(bit(input.immediate, 0))
    .zeros(3)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseRewindCdb(cdb: Uint8Array): RewindCdb {
  const r = openCdb(cdb, Opcode.REWIND, 6, 'REWIND');
  const b1 = r.byteWithReserved(0xfe & ~OBSOLETE_LUN_BITS);
  r.reservedBytes(3);
  return { immediate: isSet(b1, 0), control: r.uint8() };
}
