import { Opcode } from '../opcodes.ts';
import { openCdb, startCdb, type CdbInput } from './cdbCodec.ts';

/** SELECT REPORT values. */
export const SelectReport = {
  ALL_LOGICAL_UNITS: 0x00,
  WELL_KNOWN_LOGICAL_UNITS: 0x01,
  ALL_ACCESSIBLE: 0x02,
} as const;

/** REPORT LUNS (A0h). */
export interface ReportLunsCdb {
  selectReport: number;
  allocationLength: number;
  control: number;
}

export function buildReportLunsCdb(input: CdbInput<ReportLunsCdb, 'selectReport' | 'control'>): Buffer {
  return startCdb(Opcode.REPORT_LUNS, 12)
    .uint8(0)
    .uint8(input.selectReport ?? 0)
    .zeros(3)
    .uint32(input.allocationLength)
    .uint8(0)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseReportLunsCdb(cdb: Uint8Array): ReportLunsCdb {
  const r = openCdb(cdb, Opcode.REPORT_LUNS, 12);
  r.reservedBytes(1);
  const selectReport = r.uint8();
  r.reservedBytes(3);
  const allocationLength = r.uint32();
  r.reservedBytes(1);
  return { selectReport, allocationLength, control: r.uint8() };
}
