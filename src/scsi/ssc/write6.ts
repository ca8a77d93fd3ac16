import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, isSet, openCdb, startCdb, type CdbInput } from '../cdb/cdbCodec.ts';

/** WRITE(6) (0Ah, SSC-3). Variable mode (FIXED = 0): the transfer length is the length of the one record written. */
export interface Write6Cdb {
  fixed: boolean;
  transferLength: number;
  control: number;
}

export function buildWrite6Cdb(input: CdbInput<Write6Cdb, 'fixed' | 'control'>): Buffer {
  return startCdb(Opcode.WRITE_6, 6)
    .uint8(bit(input.fixed, 0))
    .uint24(input.transferLength)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseWrite6Cdb(cdb: Uint8Array): Write6Cdb {
  const r = openCdb(cdb, Opcode.WRITE_6, 6, 'WRITE(6)');
  const b1 = r.byteWithReserved(0xfe & ~OBSOLETE_LUN_BITS);
  return { fixed: isSet(b1, 0), transferLength: r.uint24(), control: r.uint8() };
}
