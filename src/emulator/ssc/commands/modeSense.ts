/**
 * MODE SENSE(6)/(10) of a tape drive: the header (medium type, WP, BUFFERED MODE), one block
 * descriptor (density, block length) unless DBD, and the pages of driveModePages.ts — one, all
 * (3Fh; subpage FFh adds the subpages), or none for page 00h, which is how Linux st asks for
 * the header and descriptor alone. Saved values: this drive saves nothing (05/39/00).
 */
import {
  ALL_MODE_PAGES,
  ModePageControl,
  Opcode,
  SENSE,
  asRawModePage,
  buildModeParameterList,
  parseModeSense10Cdb,
  parseModeSense6Cdb,
  senseFor,
} from '../../../scsi/index.ts';
import { CheckCondition, truncate } from '../../command.ts';
import { invalidField } from '../../senseForCondition.ts';
import type { DriveContext, DriveCommandSpec } from '../driveCommand.ts';
import { DRIVE_MODE_PAGES, driveModePage, findDriveModePage, type DriveModePageId } from '../driveModePages.ts';
import { driveModeHeader } from '../modeHeader.ts';

const NO_PAGE = 0x00;
const ALL_SUBPAGES = 0xff;

function pagesAsked(pageCode: number, subpageCode: number): readonly DriveModePageId[] {
  if (pageCode === NO_PAGE && subpageCode === 0) return [];
  if (pageCode === ALL_MODE_PAGES) {
    if (subpageCode === ALL_SUBPAGES) return DRIVE_MODE_PAGES;
    if (subpageCode === 0) return DRIVE_MODE_PAGES.filter((p) => p.subpageCode === undefined);
    throw new CheckCondition(invalidField(true, 3));
  }
  if (subpageCode === ALL_SUBPAGES) {
    const family = DRIVE_MODE_PAGES.filter((p) => p.pageCode === pageCode);
    if (family.length === 0) throw new CheckCondition(invalidField(true, 2, 5));
    return family;
  }
  const page = findDriveModePage(pageCode, subpageCode === 0 ? undefined : subpageCode);
  if (page !== undefined) return [page];
  throw DRIVE_MODE_PAGES.some((p) => p.pageCode === pageCode) ? new CheckCondition(invalidField(true, 3)) : new CheckCondition(invalidField(true, 2, 5));
}

function sense({ cdb, drive }: DriveContext, cdbLength: 6 | 10): Uint8Array {
  const c = cdbLength === 6 ? parseModeSense6Cdb(cdb) : parseModeSense10Cdb(cdb);
  const asked = pagesAsked(c.pageCode, c.subpageCode);
  if (c.pageControl === ModePageControl.SAVED) throw new CheckCondition(senseFor(SENSE.SAVING_PARAMETERS_NOT_SUPPORTED));
  const header = driveModeHeader(drive, c.pageControl);
  const list = buildModeParameterList(
    {
      mediumType: header.mediumType,
      deviceSpecificParameter: header.deviceSpecificParameter,
      longLba: false,
      blockDescriptors: c.disableBlockDescriptors ? [] : [header.blockDescriptor],
      pages: asked.map((page) => asRawModePage(driveModePage(drive, page, c.pageControl))),
    },
    { cdbLength, purpose: 'sense' },
  );
  return truncate(list, c.allocationLength);
}

export const driveModeSense6: DriveCommandSpec = {
  opcode: Opcode.MODE_SENSE_6,
  name: 'MODE SENSE(6)',
  cdbLength: 6,
  parse: parseModeSense6Cdb,
  access: 'read',
  run: (context) => sense(context, 6),
};

export const driveModeSense10: DriveCommandSpec = {
  opcode: Opcode.MODE_SENSE_10,
  name: 'MODE SENSE(10)',
  cdbLength: 10,
  parse: parseModeSense10Cdb,
  access: 'read',
  run: (context) => sense(context, 10),
};
