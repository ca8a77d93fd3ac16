/** REPORT LUNS: the changer is the only logical unit of its target (LUN 0); no well-known LUNs. */
import { Opcode, SelectReport, buildReportLunsData, parseReportLunsCdb } from '../../scsi/index.ts';
import { CheckCondition, truncate, type CommandSpec } from '../command.ts';
import { invalidField } from '../senseForCondition.ts';

export const reportLuns: CommandSpec = {
  opcode: Opcode.REPORT_LUNS,
  name: 'REPORT LUNS',
  cdbLength: 12,
  parse: parseReportLunsCdb,
  access: 'always',
  allowedUnderReserve: true,
  ignoresUnitAttention: true,
  run({ cdb }) {
    const c = parseReportLunsCdb(cdb);
    let luns: number[];
    switch (c.selectReport) {
      case SelectReport.ALL_LOGICAL_UNITS:
      case SelectReport.ALL_ACCESSIBLE:
        luns = [0];
        break;
      case SelectReport.WELL_KNOWN_LOGICAL_UNITS:
        luns = [];
        break;
      default:
        throw new CheckCondition(invalidField(true, 2));
    }
    return truncate(buildReportLunsData({ luns }), c.allocationLength);
  },
};
