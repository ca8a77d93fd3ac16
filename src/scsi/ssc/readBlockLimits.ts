import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, openCdb, startCdb } from '../cdb/cdbCodec.ts';

/** READ BLOCK LIMITS (05h, SSC-3): asks for the block lengths the drive accepts (6 bytes of data). */
export interface ReadBlockLimitsCdb {
  control: number;
}

export function buildReadBlockLimitsCdb(input: Partial<ReadBlockLimitsCdb> = {}): Buffer {
  return startCdb(Opcode.READ_BLOCK_LIMITS, 6).zeros(4).uint8(input.control ?? 0).toBuffer();
}

/** SSC-4's MLOC bit (byte 1 bit 0) asks for a different answer this drive does not give: refused as reserved. */
export function parseReadBlockLimitsCdb(cdb: Uint8Array): ReadBlockLimitsCdb {
  const r = openCdb(cdb, Opcode.READ_BLOCK_LIMITS, 6, 'READ BLOCK LIMITS');
  r.byteWithReserved(0xff & ~OBSOLETE_LUN_BITS);
  r.reservedBytes(3);
  return { control: r.uint8() };
}
