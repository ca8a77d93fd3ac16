import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, isSet, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';

/** MODE SELECT(6) (15h). */
export interface ModeSelect6Cdb {
  /** PF: the pages follow the SPC page format. */
  pageFormat: boolean;
  /** SP: save the pages. */
  savePages: boolean;
  parameterListLength: number;
  control: number;
}

export function buildModeSelect6Cdb(input: CdbInput<ModeSelect6Cdb, 'pageFormat' | 'savePages' | 'control'>): Buffer {
  return startCdb(Opcode.MODE_SELECT_6, 6)
    .uint8(bit(input.pageFormat, 4) | bit(input.savePages, 0))
    .zeros(2)
    .uint8(input.parameterListLength)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseModeSelect6Cdb(cdb: Uint8Array): ModeSelect6Cdb {
  const r = openCdb(cdb, Opcode.MODE_SELECT_6, 6);
  const b1 = r.byteWithReserved(0xee & ~OBSOLETE_LUN_BITS);
  r.reservedBytes(2);
  return { pageFormat: isSet(b1, 4), savePages: isSet(b1, 0), parameterListLength: r.uint8(), control: r.uint8() };
}
