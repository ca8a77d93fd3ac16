/**
 * LOG SENSE: page 00h (supported pages) and 2Eh, the changer's TapeAlert flags as the library's
 * faults and conditions set them. Event flags clear once read with room for them (allocation > 4,
 * as drives and mhVTL do); condition flags (door open, magazine out) stay while the condition does.
 */
import {
  LogPageControl,
  LogPageCode,
  Opcode,
  buildSupportedLogPages,
  buildTapeAlertLogPage,
  parseLogSenseCdb,
  tapeAlertFlags,
} from '../../scsi/index.ts';
import { CheckCondition, truncate, type CommandSpec } from '../command.ts';
import { invalidField } from '../senseForCondition.ts';

const SUPPORTED = [LogPageCode.SUPPORTED_PAGES, LogPageCode.TAPE_ALERT];

export const logSense: CommandSpec = {
  opcode: Opcode.LOG_SENSE,
  name: 'LOG SENSE',
  cdbLength: 10,
  parse: parseLogSenseCdb,
  access: 'always',
  run({ cdb, library }) {
    const c = parseLogSenseCdb(cdb);
    if (c.saveParameters) throw new CheckCondition(invalidField(true, 1, 0));
    if (c.parameterPointerControl) throw new CheckCondition(invalidField(true, 1, 1));
    if (c.subpageCode !== 0) throw new CheckCondition(invalidField(true, 3));
    if (c.pageCode === LogPageCode.SUPPORTED_PAGES) return truncate(buildSupportedLogPages(SUPPORTED), c.allocationLength);
    if (c.pageCode !== LogPageCode.TAPE_ALERT) throw new CheckCondition(invalidField(true, 2, 5));
    const defaults = c.pageControl === LogPageControl.DEFAULT_CUMULATIVE_VALUES || c.pageControl === LogPageControl.DEFAULT_THRESHOLD_VALUES;
    const active = defaults ? [] : library.tapeAlert.snapshot().flatMap((on, i) => (on ? [i + 1] : []));
    const flags = tapeAlertFlags(active).filter((f) => f.code >= c.parameterPointer);
    if (!defaults && c.allocationLength > 4) library.tapeAlert.acknowledgeRead();
    return truncate(buildTapeAlertLogPage(flags), c.allocationLength);
  },
};
