/** The SmcDevice's command table: every command this emulator implements, in opcode order. */
import type { CommandSpec } from '../command.ts';
import { exchangeMedium } from './exchangeMedium.ts';
import { initializeElementStatus, initializeElementStatusWithRange, initializeElementStatusWithRangeVendor } from './initializeElementStatus.ts';
import { moveMedium } from './moveMedium.ts';
import { openCloseImportExportElement } from './openCloseImportExportElement.ts';
import { positionToElement } from './positionToElement.ts';
import { preventAllowMediumRemoval } from './preventAllowMediumRemoval.ts';
import { requestSense } from './requestSense.ts';
import { release10, release6, reserve10, reserve6 } from './reserveRelease.ts';
import { rezeroUnit } from './rezeroUnit.ts';
import { testUnitReady } from './testUnitReady.ts';

export const COMMANDS: readonly CommandSpec[] = [
  testUnitReady,
  rezeroUnit,
  requestSense,
  initializeElementStatus,
  reserve6,
  release6,
  openCloseImportExportElement,
  preventAllowMediumRemoval,
  positionToElement,
  initializeElementStatusWithRange,
  reserve10,
  release10,
  moveMedium,
  exchangeMedium,
  initializeElementStatusWithRangeVendor,
];
