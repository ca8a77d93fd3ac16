/**
 * LOG SENSE of a tape drive: 00h (supported pages), 0Ch (sequential-access device), 12h
 * (TapeAlert response, PBS), 17h (volume statistics), 2Eh (TapeAlert, read-clear as the
 * changer's), 31h (tape capacity). 0Ch and 12h answer without a tape (capacities FFFFFFFFh) ; 17h and 31h describe the tape, so without one they are
 * NOT READY. Cumulative values (PC 01b) are the real ones; threshold and default values are zero.
 * A parameter pointer skips the parameters below it.
 */
import {
  LogPageCode,
  LogPageControl,
  Opcode,
  TapeLogPageCode,
  buildSupportedLogPages,
  parseLogPage,
  parseLogSenseCdb,
  buildLogPage,
  buildTapeLogPage,
  tapeAlertResponseParameter,
  type LogSenseCdb,
} from '../../../scsi/index.ts';
import { CheckCondition, truncate } from '../../command.ts';
import { tapeAlertLogPage } from '../../commands/logSense.ts';
import { invalidField } from '../../senseForCondition.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import { sequentialAccessPage, tapeCapacityPage, volumeStatisticsPage } from '../driveLogPages.ts';
import type { DriveUnit } from '../driveUnit.ts';

const SUPPORTED: readonly number[] = [
  LogPageCode.SUPPORTED_PAGES,
  TapeLogPageCode.SEQUENTIAL_ACCESS_DEVICE,
  TapeLogPageCode.TAPE_ALERT_RESPONSE,
  TapeLogPageCode.VOLUME_STATISTICS,
  LogPageCode.TAPE_ALERT,
  TapeLogPageCode.TAPE_CAPACITY,
];

function tapePage(drive: DriveUnit, pageCode: number): Buffer {
  const usage = drive.tapeUsage();
  if (pageCode === TapeLogPageCode.SEQUENTIAL_ACCESS_DEVICE) return sequentialAccessPage(drive, usage);
  // PBS's view of the flags: all 64 in one parameter, and reading it clears nothing.
  if (pageCode === TapeLogPageCode.TAPE_ALERT_RESPONSE) return buildTapeLogPage(pageCode, [tapeAlertResponseParameter(drive.tapeAlert.snapshot())]);
  if (usage === undefined) throw new CheckCondition(drive.notReadySense() ?? invalidField(true, 2, 5));
  if (pageCode === TapeLogPageCode.VOLUME_STATISTICS) return volumeStatisticsPage(drive, usage, drive.cartridge.mam.loadCount);
  return tapeCapacityPage(usage);
}

/** The page with values zeroed (threshold and default values) and parameters below the pointer left out. */
function asAsked(page: Buffer, c: LogSenseCdb): Buffer {
  const zero = c.pageControl !== LogPageControl.CUMULATIVE_VALUES;
  if (!zero && c.parameterPointer === 0) return page;
  const parsed = parseLogPage(page);
  const parameters = parsed.parameters.filter((p) => p.code >= c.parameterPointer).map((p) => (zero ? { ...p, value: Buffer.alloc(p.value.length) } : p));
  return buildLogPage({ ...parsed, parameters });
}

export const driveLogSense: DriveCommandSpec = {
  opcode: Opcode.LOG_SENSE,
  name: 'LOG SENSE',
  cdbLength: 10,
  parse: parseLogSenseCdb,
  access: 'always',
  run({ cdb, drive }) {
    const c = parseLogSenseCdb(cdb);
    if (c.saveParameters) throw new CheckCondition(invalidField(true, 1, 0));
    if (c.parameterPointerControl) throw new CheckCondition(invalidField(true, 1, 1));
    if (c.subpageCode !== 0) throw new CheckCondition(invalidField(true, 3));
    if (!SUPPORTED.includes(c.pageCode)) throw new CheckCondition(invalidField(true, 2, 5));
    if (c.pageCode === LogPageCode.SUPPORTED_PAGES) return truncate(buildSupportedLogPages([...SUPPORTED]), c.allocationLength);
    if (c.pageCode === LogPageCode.TAPE_ALERT) return tapeAlertLogPage(c, drive.tapeAlert);
    return truncate(asAsked(tapePage(drive, c.pageCode), c), c.allocationLength);
  },
};
