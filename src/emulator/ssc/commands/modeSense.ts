/**
 * MODE SENSE(6)/(10) of a tape drive: the header with WP (bit 7 of the device-specific byte: the
 * write-protect tab, or a full WORM tape) and BUFFERED MODE 1, one block descriptor (density code
 * of the tape or drive generation, block length 0 = variable) unless DBD, and the control page
 * (0Ah, also for 3Fh). Page 00h asks for the header and descriptor only, as Linux st does.
 */
import {
  ALL_MODE_PAGES,
  CONTROL_PAGE_CODE,
  ModePageControl,
  Opcode,
  SENSE,
  buildModeParameterList,
  controlPage,
  parseModeSense10Cdb,
  parseModeSense6Cdb,
  senseFor,
  type BlockDescriptor,
} from '../../../scsi/index.ts';
import { CheckCondition, truncate } from '../../command.ts';
import { invalidField } from '../../senseForCondition.ts';
import { densityCode } from '../density.ts';
import type { DriveContext, DriveCommandSpec } from '../driveCommand.ts';
import { writeProtected } from './tapeWriting.ts';

const NO_PAGE = 0x00;
const WRITE_PROTECT = 0x80;
/** BUFFERED MODE 001b: GOOD once the data is in the drive's buffer (what st expects of a streamer). */
const BUFFERED_MODE = 0x10;

function sense({ cdb, drive }: DriveContext, cdbLength: 6 | 10): Uint8Array {
  const c = cdbLength === 6 ? parseModeSense6Cdb(cdb) : parseModeSense10Cdb(cdb);
  if (c.pageCode !== NO_PAGE && c.pageCode !== CONTROL_PAGE_CODE && c.pageCode !== ALL_MODE_PAGES) throw new CheckCondition(invalidField(true, 2, 5));
  if (c.subpageCode !== 0 && !(c.pageCode === ALL_MODE_PAGES && c.subpageCode === 0xff)) throw new CheckCondition(invalidField(true, 3));
  if (c.pageControl === ModePageControl.SAVED) throw new CheckCondition(senseFor(SENSE.SAVING_PARAMETERS_NOT_SUPPORTED));
  const threaded = drive.readiness() === 'ready';
  const descriptor: BlockDescriptor = { densityCode: densityCode(drive.identity, threaded ? drive.cartridge : null), numberOfBlocks: 0n, blockLength: 0 };
  const pages = c.pageCode === NO_PAGE ? [] : [controlPage()];
  const list = buildModeParameterList(
    {
      mediumType: 0,
      deviceSpecificParameter: (threaded && writeProtected(drive) ? WRITE_PROTECT : 0) | BUFFERED_MODE,
      longLba: false,
      blockDescriptors: c.disableBlockDescriptors ? [] : [descriptor],
      pages,
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
