/** The tape drive's command table (SSC-3 subset plus the SPC commands every drive answers), in opcode order. */
import type { DriveContext, DriveCommandSpec } from '../driveCommand.ts';
import { logSenseOf } from '../../commands/logSense.ts';
import { reportLuns } from '../../commands/reportLuns.ts';
import { reportSupportedOperationCodes } from '../../commands/reportSupportedOperationCodes.ts';
import { driveInquiry } from './inquiry.ts';
import { drivePreventAllowMediumRemoval, loadUnload } from './loadUnload.ts';
import { driveModeSelect10, driveModeSelect6 } from './modeSelect.ts';
import { driveModeSense10, driveModeSense6 } from './modeSense.ts';
import { readPosition, rewind } from './positioning.ts';
import { read6 } from './read6.ts';
import { readBlockLimits } from './readBlockLimits.ts';
import { driveRequestSense, driveTestUnitReady } from './readiness.ts';
import { space6 } from './space6.ts';
import { write6, writeFilemarks6 } from './tapeWriting.ts';

export const DRIVE_COMMANDS: readonly DriveCommandSpec[] = [
  driveTestUnitReady,
  rewind,
  driveRequestSense,
  readBlockLimits,
  read6,
  write6,
  writeFilemarks6,
  space6,
  driveInquiry,
  driveModeSelect6,
  driveModeSense6,
  loadUnload,
  drivePreventAllowMediumRemoval,
  readPosition,
  logSenseOf((context: DriveContext) => context.drive.tapeAlert),
  driveModeSelect10,
  driveModeSense10,
  reportLuns,
  reportSupportedOperationCodes((): readonly DriveCommandSpec[] => DRIVE_COMMANDS),
];
