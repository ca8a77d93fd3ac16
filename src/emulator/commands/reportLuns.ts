/**
 * REPORT LUNS, answered alike by the changer and its drives: the changer at LUN 0 and the drives
 * at 1…N (lunLayout.ts); no well-known LUNs.
 */
import { Opcode, SelectReport, buildReportLunsData, parseReportLunsCdb } from '../../scsi/index.ts';
import { CheckCondition, truncate, type CommandSpec, type UnitContext } from '../command.ts';
import { libraryLuns } from '../lunLayout.ts';
import { invalidField } from '../senseForCondition.ts';

export const reportLuns: CommandSpec<UnitContext> = {
  opcode: Opcode.REPORT_LUNS,
  name: 'REPORT LUNS',
  cdbLength: 12,
  parse: parseReportLunsCdb,
  access: 'always',
  allowedUnderReserve: true,
  ignoresUnitAttention: true,
  run({ cdb, library }) {
    const c = parseReportLunsCdb(cdb);
    let luns: number[];
    switch (c.selectReport) {
      case SelectReport.ALL_LOGICAL_UNITS:
      case SelectReport.ALL_ACCESSIBLE:
        luns = libraryLuns(library);
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
