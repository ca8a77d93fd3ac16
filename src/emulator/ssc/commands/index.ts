/** The tape drive's command table (SSC-3 subset plus the SPC commands every drive answers), in opcode order. */
import type { DriveCommandSpec } from '../driveCommand.ts';
import { reportLuns } from '../../commands/reportLuns.ts';
import { reportSupportedOperationCodes } from '../../commands/reportSupportedOperationCodes.ts';
import { driveInquiry } from './inquiry.ts';
import { driveLogSense } from './logSense.ts';
import { drivePreventAllowMediumRemoval, loadUnload } from './loadUnload.ts';
import { driveModeSelect10, driveModeSelect6 } from './modeSelect.ts';
import { driveModeSense10, driveModeSense6 } from './modeSense.ts';
import { erase6 } from './erase6.ts';
import { formatMedium } from './formatMedium.ts';
import { locate10 } from './locate10.ts';
import { locate16 } from './locate16.ts';
import { readPosition } from './readPosition.ts';
import { read16 } from './read16.ts';
import { read6 } from './read6.ts';
import { rewind } from './rewind.ts';
import { setCapacity } from './setCapacity.ts';
import { space16 } from './space16.ts';
import { write16 } from './write16.ts';
import { write6 } from './write6.ts';
import { writeFilemarks6 } from './writeFilemarks6.ts';
import { readAttribute } from './readAttribute.ts';
import { readBlockLimits } from './readBlockLimits.ts';
import { reportDensitySupport } from './reportDensitySupport.ts';
import { driveRequestSense, driveTestUnitReady } from './readiness.ts';
import { space6 } from './space6.ts';
import { writeAttribute } from './writeAttribute.ts';

export const DRIVE_COMMANDS: readonly DriveCommandSpec[] = [
  driveTestUnitReady,
  rewind,
  driveRequestSense,
  formatMedium,
  readBlockLimits,
  read6,
  write6,
  setCapacity,
  writeFilemarks6,
  space6,
  driveInquiry,
  driveModeSelect6,
  erase6,
  driveModeSense6,
  loadUnload,
  drivePreventAllowMediumRemoval,
  locate10,
  readPosition,
  reportDensitySupport,
  driveLogSense,
  driveModeSelect10,
  driveModeSense10,
  read16,
  write16,
  readAttribute,
  writeAttribute,
  space16,
  locate16,
  reportLuns,
  reportSupportedOperationCodes((): readonly DriveCommandSpec[] => DRIVE_COMMANDS),
];
