/**
 * The mode parameter header and block descriptor of a tape drive (ssc.md §2.10), as MODE SENSE
 * reports them and MODE SELECT sets them: medium type of the threaded tape, WP (the tab, or a
 * full WORM tape), BUFFERED MODE, and one 8-byte block descriptor with the density code and the
 * block length (0: variable-block mode) — the fields Linux st reads at open and `mt setblk` sets.
 */
import { ModePageControl, type BlockDescriptor } from '../../scsi/index.ts';
import { densityCode } from './density.ts';
import type { DriveUnit } from './driveUnit.ts';
import { mediumTypeCode } from './mediumType.ts';
import { writeProtected } from './tapeWriting.ts';

export const WRITE_PROTECT = 0x80;
export const BUFFERED_MODE_SHIFT = 4;
/** BUFFERED MODE values SSC defines: 0 unbuffered, 1 buffered, 2 buffered across initiators. */
export const MAX_BUFFERED_MODE = 2;

export interface DriveModeHeader {
  readonly mediumType: number;
  readonly deviceSpecificParameter: number;
  readonly blockDescriptor: BlockDescriptor;
}

/** The density the drive reports now: the threaded tape's generation, else the drive's own. */
export function currentDensity(drive: DriveUnit): number {
  return densityCode(drive.identity, drive.readiness() === 'ready' ? drive.cartridge : null);
}

export function driveModeHeader(drive: DriveUnit, pageControl: number): DriveModeHeader {
  const threaded = drive.readiness() === 'ready';
  const mediumType = mediumTypeCode(threaded ? drive.cartridge : null);
  if (pageControl === ModePageControl.CHANGEABLE) {
    return { mediumType: 0, deviceSpecificParameter: 0x07 << BUFFERED_MODE_SHIFT, blockDescriptor: { densityCode: 0, numberOfBlocks: 0n, blockLength: 0xffffff } };
  }
  const settings = drive.settings;
  const defaults = pageControl === ModePageControl.DEFAULT;
  const bufferedMode = defaults ? 1 : settings.bufferedMode;
  const protectedTape = !defaults && threaded && writeProtected(drive);
  return {
    mediumType,
    deviceSpecificParameter: (protectedTape ? WRITE_PROTECT : 0) | (bufferedMode << BUFFERED_MODE_SHIFT),
    blockDescriptor: { densityCode: currentDensity(drive), numberOfBlocks: 0n, blockLength: defaults ? 0 : settings.blockSize },
  };
}
