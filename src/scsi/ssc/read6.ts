import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, isSet, openCdb, startCdb, type CdbInput } from '../cdb/cdbCodec.ts';

/**
 * READ(6) (08h, SSC-3). With FIXED = 0 (variable mode) the transfer length is the most bytes the
 * initiator takes from one record; with FIXED = 1 it counts fixed-length blocks. FIXED and SILI
 * together are an invalid combination the device refuses (the parser leaves that to the device).
 */
export interface Read6Cdb {
  /** SILI: suppress the incorrect-length indication when a record is shorter or longer. */
  suppressIncorrectLength: boolean;
  fixed: boolean;
  transferLength: number;
  control: number;
}

export function buildRead6Cdb(input: CdbInput<Read6Cdb, 'suppressIncorrectLength' | 'fixed' | 'control'>): Buffer {
  return startCdb(Opcode.READ_6, 6)
    .uint8(bit(input.suppressIncorrectLength, 1) | bit(input.fixed, 0))
    .uint24(input.transferLength)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseRead6Cdb(cdb: Uint8Array): Read6Cdb {
  const r = openCdb(cdb, Opcode.READ_6, 6, 'READ(6)');
  const b1 = r.byteWithReserved(0xfc & ~OBSOLETE_LUN_BITS);
  return { suppressIncorrectLength: isSet(b1, 1), fixed: isSet(b1, 0), transferLength: r.uint24(), control: r.uint8() };
}
