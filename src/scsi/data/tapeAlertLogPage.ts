import { LogPageCode, buildLogPage, parseLogPage, type LogParameter } from './logPage.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';

/**
 * One TapeAlert flag: parameter code 1–64, a one-byte value whose bit 0 is the flag. The control
 * byte is kept as sent (the changer flag list and its control byte conventions are a gap in the
 * reference, smc.md §11).
 */
export interface TapeAlertFlag {
  code: number;
  active: boolean;
  control: number;
}

export const TAPE_ALERT_FLAG_COUNT = 64;

/** Flags 1..count, the listed ones active, control byte 0. */
export function tapeAlertFlags(active: Iterable<number>, count = TAPE_ALERT_FLAG_COUNT): TapeAlertFlag[] {
  const set = new Set(active);
  return Array.from({ length: count }, (_, i) => ({ code: i + 1, active: set.has(i + 1), control: 0 }));
}

/** TapeAlert log page 2Eh (mhVTL serves it on changers; flags clear after a read with allocation > 4). */
export function buildTapeAlertLogPage(flags: TapeAlertFlag[]): Buffer {
  const parameters: LogParameter[] = flags.map((f) => ({ code: f.code, control: f.control, value: Buffer.from([f.active ? 1 : 0]) }));
  return buildLogPage({ pageCode: LogPageCode.TAPE_ALERT, subpageFormat: false, subpageCode: 0, disableSave: false, parameters });
}

/** Parameters cut by the allocation length are left out; a parameter whose length is not 1 is malformed. */
export function parseTapeAlertLogPage(bytes: Uint8Array): TapeAlertFlag[] {
  const page = parseLogPage(bytes);
  if (page.pageCode !== LogPageCode.TAPE_ALERT) {
    throw new ScsiFormatError('TapeAlert log page', `page code ${page.pageCode.toString(16)}h is not 2Eh`, 'data', { byte: 0, bit: 5 });
  }
  return page.parameters.map((p) => {
    if (p.value.length !== 1) throw new ScsiFormatError('TapeAlert log page', `flag ${p.code} has length ${p.value.length}, not 1`, 'data');
    return { code: p.code, active: (p.value[0]! & 0x01) !== 0, control: p.control };
  });
}
