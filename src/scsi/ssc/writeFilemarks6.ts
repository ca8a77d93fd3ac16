import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, isSet, openCdb, startCdb, type CdbInput } from '../cdb/cdbCodec.ts';

/** WRITE FILEMARKS(6) (10h, SSC-3). A count of 0 only flushes buffered records to the medium. */
export interface WriteFilemarks6Cdb {
  /** WSMK: write setmarks instead (obsolete in SSC-3; devices refuse it). */
  setmarks: boolean;
  immediate: boolean;
  count: number;
  control: number;
}

export function buildWriteFilemarks6Cdb(input: CdbInput<WriteFilemarks6Cdb, 'setmarks' | 'immediate' | 'control'>): Buffer {
  return startCdb(Opcode.WRITE_FILEMARKS_6, 6)
    .uint8(bit(input.setmarks, 1) | bit(input.immediate, 0))
    .uint24(input.count)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseWriteFilemarks6Cdb(cdb: Uint8Array): WriteFilemarks6Cdb {
  const r = openCdb(cdb, Opcode.WRITE_FILEMARKS_6, 6, 'WRITE FILEMARKS(6)');
  const b1 = r.byteWithReserved(0xfc & ~OBSOLETE_LUN_BITS);
  return { setmarks: isSet(b1, 1), immediate: isSet(b1, 0), count: r.uint24(), control: r.uint8() };
}
