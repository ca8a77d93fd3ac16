import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, isSet, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';

/** MODE SELECT(10) (55h). */
export interface ModeSelect10Cdb {
  pageFormat: boolean;
  savePages: boolean;
  parameterListLength: number;
  control: number;
}

export function buildModeSelect10Cdb(input: CdbInput<ModeSelect10Cdb, 'pageFormat' | 'savePages' | 'control'>): Buffer {
  return startCdb(Opcode.MODE_SELECT_10, 10)
    .uint8(bit(input.pageFormat, 4) | bit(input.savePages, 0))
    .zeros(5)
    .uint16(input.parameterListLength)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseModeSelect10Cdb(cdb: Uint8Array): ModeSelect10Cdb {
  const r = openCdb(cdb, Opcode.MODE_SELECT_10, 10);
  const b1 = r.byteWithReserved(0xee & ~OBSOLETE_LUN_BITS);
  r.reservedBytes(5);
  return { pageFormat: isSet(b1, 4), savePages: isSet(b1, 0), parameterListLength: r.uint16(), control: r.uint8() };
}
