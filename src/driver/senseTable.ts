import { ChangerError, type ChangerErrorCode, type SenseSummary } from '../shared/changerError.ts';

/**
 * Sense data → ChangerError, as one table per device family (the model of Linux ch.c's err[] and
 * the Windows ChangerClassError/ChangerError pair). Rows are tried in order; the first whose key
 * and ASC (and ASCQ, when given) match wins, so specific rows come before a sense key's catch-all.
 */
export interface SenseRow {
  readonly key: number;
  readonly asc?: number;
  readonly ascq?: number;
  readonly code: ChangerErrorCode;
  readonly text: string;
}

export type SenseTable = readonly SenseRow[];

export function findSenseRow(table: SenseTable, sense: SenseSummary): SenseRow | undefined {
  return table.find((r) => r.key === sense.key && (r.asc === undefined || r.asc === sense.asc) && (r.ascq === undefined || r.ascq === sense.ascq));
}

/** "<command>: <what the table says> (sense K/AA/QQ)", with the sense kept on the error. */
export function errorFromSenseTable(table: SenseTable, sense: SenseSummary, command: string, elementAddress?: number): ChangerError {
  const row = findSenseRow(table, sense);
  const code = row?.code ?? 'IO_DEVICE_ERROR';
  const what = row?.text ?? 'the device reported an error';
  const reason = `${what} (${senseTag(sense)})`;
  return new ChangerError(code, `${command}: ${reason}`, { sense, reason, ...(elementAddress === undefined ? {} : { elementAddress }) });
}

/** "sense 2/3A/00", as logs and messages print a sense triple. */
export function senseTag(sense: SenseSummary): string {
  return `sense ${hex(sense.key, 1)}/${hex(sense.asc, 2)}/${hex(sense.ascq, 2)}`;
}

function hex(v: number, width: number): string {
  return v.toString(16).toUpperCase().padStart(width, '0');
}
