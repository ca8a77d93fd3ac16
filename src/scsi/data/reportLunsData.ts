import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';
import { readLun, writeLun } from './lun.ts';

/** REPORT LUNS parameter data: 0–3 LUN list length (8 per LUN), 4–7 reserved, then 8-byte LUNs. */
export interface ReportLunsData {
  luns: number[];
}

export interface ParsedReportLunsData extends ReportLunsData {
  /** The list is longer than the bytes received: re-issue with allocation lunListLength + 8. */
  truncated: boolean;
  lunListLength: number;
}

const STRUCTURE = 'REPORT LUNS data';

export function buildReportLunsData(data: ReportLunsData): Buffer {
  const w = new BufferWriter(8 + 8 * data.luns.length).uint32(8 * data.luns.length).zeros(4);
  for (const lun of data.luns) writeLun(w, lun);
  return w.toBuffer();
}

export function parseReportLunsData(bytes: Uint8Array): ParsedReportLunsData {
  if (bytes.length < 8) throw new ScsiFormatError(STRUCTURE, `${bytes.length} byte(s) is shorter than the 8-byte header`, 'data');
  const r = new BufferReader(bytes, STRUCTURE);
  const lunListLength = r.uint32();
  if (lunListLength % 8 !== 0) throw r.error(`LUN list length ${lunListLength} is not a multiple of 8`, 0);
  r.skip(4);
  const available = Math.min(lunListLength, r.remaining);
  const luns: number[] = [];
  for (let i = 0; i + 8 <= available; i += 8) luns.push(readLun(r));
  return { luns, lunListLength, truncated: available < lunListLength };
}
