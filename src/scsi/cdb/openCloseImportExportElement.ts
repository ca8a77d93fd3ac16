import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, hex, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';

/** ACTION CODE of OPEN/CLOSE IMPORT/EXPORT ELEMENT (mhVTL: 0 open, 1 close; others reserved). */
export const ImportExportAction = {
  OPEN: 0x00,
  CLOSE: 0x01,
} as const;

export type ImportExportAction = (typeof ImportExportAction)[keyof typeof ImportExportAction];

/**
 * OPEN/CLOSE IMPORT/EXPORT ELEMENT (1Bh, SMC-3). The same opcode is SSC LOAD UNLOAD; `mtx eject`
 * sends `1B 00 00 00 02 00`, which parses here as reserved action code 2 → 24/00 at byte 4
 * (what mhVTL answers, smc.md §1.7).
 */
export interface OpenCloseImportExportElementCdb {
  elementAddress: number;
  action: ImportExportAction;
  control: number;
}

export function buildOpenCloseImportExportElementCdb(input: CdbInput<OpenCloseImportExportElementCdb, 'control'>): Buffer {
  return startCdb(Opcode.OPEN_CLOSE_IMPORT_EXPORT_ELEMENT, 6)
    .uint8(0)
    .uint16(input.elementAddress)
    .uint8(input.action)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseOpenCloseImportExportElementCdb(cdb: Uint8Array): OpenCloseImportExportElementCdb {
  const r = openCdb(cdb, Opcode.OPEN_CLOSE_IMPORT_EXPORT_ELEMENT, 6);
  r.byteWithReserved(0xff & ~OBSOLETE_LUN_BITS);
  const elementAddress = r.uint16();
  const action = r.byteWithReserved(0xe0);
  if (action > ImportExportAction.CLOSE) throw r.error(`action code ${hex(action)} is reserved`, 4, 4);
  return { elementAddress, action: action as ImportExportAction, control: r.uint8() };
}
