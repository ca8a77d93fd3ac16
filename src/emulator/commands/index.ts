/**
 * The SmcDevice's command table: every command this emulator implements, in opcode order
 * (REPORT SUPPORTED OPERATION CODES is added by SmcDevice, since it lists this table).
 */
import type { CommandSpec } from '../command.ts';
import { exchangeMedium } from './exchangeMedium.ts';
import { inquiry } from './inquiry.ts';
import { logSense } from './logSense.ts';
import { persistentReserveIn, persistentReserveOut } from './persistentReserve.ts';
import { reportLuns } from './reportLuns.ts';
import { initializeElementStatus, initializeElementStatusWithRange, initializeElementStatusWithRangeVendor } from './initializeElementStatus.ts';
import { modeSelect10, modeSelect6 } from './modeSelect.ts';
import { modeSense10, modeSense6 } from './modeSense.ts';
import { moveMedium } from './moveMedium.ts';
import { openCloseImportExportElement } from './openCloseImportExportElement.ts';
import { positionToElement } from './positionToElement.ts';
import { preventAllowMediumRemoval } from './preventAllowMediumRemoval.ts';
import { requestSense } from './requestSense.ts';
import { readElementStatus } from './readElementStatus.ts';
import { release10, release6, reserve10, reserve6 } from './reserveRelease.ts';
import { requestVolumeElementAddress } from './requestVolumeElementAddress.ts';
import { sendVolumeTag } from './sendVolumeTag.ts';
import { rezeroUnit } from './rezeroUnit.ts';
import { testUnitReady } from './testUnitReady.ts';

export const COMMANDS: readonly CommandSpec[] = [
  testUnitReady,
  rezeroUnit,
  requestSense,
  initializeElementStatus,
  inquiry,
  modeSelect6,
  reserve6,
  release6,
  modeSense6,
  openCloseImportExportElement,
  preventAllowMediumRemoval,
  positionToElement,
  initializeElementStatusWithRange,
  logSense,
  modeSelect10,
  reserve10,
  release10,
  modeSense10,
  persistentReserveIn,
  persistentReserveOut,
  reportLuns,
  moveMedium,
  exchangeMedium,
  requestVolumeElementAddress,
  sendVolumeTag,
  readElementStatus,
  initializeElementStatusWithRangeVendor,
];
