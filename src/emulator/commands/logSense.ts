/**
 * LOG SENSE: page 00h (supported pages) and 2Eh, the TapeAlert flags of the unit asked — the
 * changer's as the library's faults and conditions set them, or a drive's. Event flags clear once
 * read with room for them (allocation > 4, as drives and mhVTL do); condition flags (door open,
 * magazine out, clean now) stay while the condition does.
 */
import {
  LogPageControl,
  LogPageCode,
  Opcode,
  buildSupportedLogPages,
  buildTapeAlertLogPage,
  parseLogSenseCdb,
  tapeAlertFlags,
  type LogSenseCdb,
} from '../../scsi/index.ts';
import { CheckCondition, truncate, type CommandSpec, type UnitContext } from '../command.ts';
import { invalidField } from '../senseForCondition.ts';
import type { TapeAlertFlags } from '../tapeAlert.ts';

const SUPPORTED = [LogPageCode.SUPPORTED_PAGES, LogPageCode.TAPE_ALERT];

/** LOG SENSE of the unit whose TapeAlert flags `flagsOf` gives. */
export function logSenseOf<C extends UnitContext>(flagsOf: (context: C) => TapeAlertFlags): CommandSpec<C> {
  return {
    opcode: Opcode.LOG_SENSE,
    name: 'LOG SENSE',
    cdbLength: 10,
    parse: parseLogSenseCdb,
    access: 'always',
    run: (context) => logSensePage(context.cdb, flagsOf(context)),
  };
}

export const logSense: CommandSpec = logSenseOf((context) => context.library.tapeAlert);

function logSensePage(cdb: Uint8Array, tapeAlert: TapeAlertFlags): Uint8Array {
  const c = parseLogSenseCdb(cdb);
  if (c.saveParameters) throw new CheckCondition(invalidField(true, 1, 0));
  if (c.parameterPointerControl) throw new CheckCondition(invalidField(true, 1, 1));
  if (c.subpageCode !== 0) throw new CheckCondition(invalidField(true, 3));
  if (c.pageCode === LogPageCode.SUPPORTED_PAGES) return truncate(buildSupportedLogPages(SUPPORTED), c.allocationLength);
  if (c.pageCode !== LogPageCode.TAPE_ALERT) throw new CheckCondition(invalidField(true, 2, 5));
  return tapeAlertLogPage(c, tapeAlert);
}

/** Page 2Eh as LOG SENSE `c` asks for it (a drive's LOG SENSE serves it too). */
export function tapeAlertLogPage(c: LogSenseCdb, tapeAlert: TapeAlertFlags): Uint8Array {
  const defaults = c.pageControl === LogPageControl.DEFAULT_CUMULATIVE_VALUES || c.pageControl === LogPageControl.DEFAULT_THRESHOLD_VALUES;
  const active = defaults ? [] : tapeAlert.snapshot().flatMap((on, i) => (on ? [i + 1] : []));
  const flags = tapeAlertFlags(active).filter((f) => f.code >= c.parameterPointer);
  if (!defaults && c.allocationLength > 4) tapeAlert.acknowledgeRead();
  return truncate(buildTapeAlertLogPage(flags), c.allocationLength);
}
