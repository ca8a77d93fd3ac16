import Table from 'cli-table3';
import { writeLine, type Output } from '../../output.ts';

/** No borders: columns two spaces apart, the way `changer status` prints, easy to grep and awk. */
const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

export type Cell = string | number | null | undefined;

/** A table with a header row; null and undefined cells print empty, trailing blanks are trimmed. */
export function writeTable(o: Output, header: readonly string[], rows: readonly (readonly Cell[])[]): void {
  const table = new Table({ head: [...header], chars: BORDERLESS, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 } });
  for (const row of rows) table.push(row.map((c) => (c === null || c === undefined ? '' : String(c))));
  for (const line of table.toString().split('\n')) writeLine(o, line.trimEnd());
}
