/**
 * LOAD UNLOAD and PREVENT ALLOW MEDIUM REMOVAL of a tape drive. Unload rewinds and unthreads the
 * tape (the drive's side of predismount eject: the robot may now pull it) unless an initiator
 * prevents removal on this drive (05/53/02); load threads an unthreaded tape again and rewinds a
 * threaded one. IMMED is accepted and the command still completes when the tape has stopped.
 * Unload first flushes the tape's file; a host disk that cannot (a failed fsync) is MEDIUM ERROR
 * 03/0C/00 and the cartridge stays in the drive.
 */
import { Opcode, SENSE, parseLoadUnloadCdb, parsePreventAllowMediumRemovalCdb, senseFor } from '../../../scsi/index.ts';
import { CheckCondition } from '../../command.ts';
import { driveLoaded, ejectDrive, runCleaningCycle, threadDrive } from '../../driveMechanics.ts';
import { invalidField } from '../../senseForCondition.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import type { CartridgeTape } from '../../tape/cartridgeTape.ts';
import type { DriveUnit } from '../driveUnit.ts';
import { storeFailure } from '../tapeFailure.ts';

async function load(drive: DriveUnit, initiator: string): Promise<void> {
  const readiness = drive.readiness();
  if (readiness === 'cleaning') throw new CheckCondition(senseFor(SENSE.CLEANING_CARTRIDGE_INSTALLED));
  const cartridge = drive.runtime.cartridge;
  if (cartridge === null) throw new CheckCondition(senseFor(SENSE.MEDIUM_NOT_PRESENT));
  // Loading an ejected cleaner runs another cleaning cycle; the host hears 30/03 as it starts.
  if (cartridge.kind === 'cleaning') {
    void runCleaningCycle(drive.library, drive.address, cartridge).catch(() => undefined);
    throw new CheckCondition(senseFor(SENSE.CLEANING_CARTRIDGE_INSTALLED));
  }
  if (readiness === 'becoming-ready') await driveLoaded(drive.library, drive.address);
  else if (!drive.runtime.loaded) await threadDrive(drive.library, drive.address, initiator);
  drive.moveTo(0, 0);
}

async function unload(drive: DriveUnit): Promise<void> {
  if (drive.runtime.cartridge === null) throw new CheckCondition(senseFor(SENSE.MEDIUM_NOT_PRESENT));
  if (drive.removalPrevented) throw new CheckCondition(senseFor(SENSE.MEDIUM_REMOVAL_PREVENTED));
  // What was written reaches the disk before the cartridge leaves the drive (as at a filemark).
  if (drive.readiness() === 'ready') {
    let tape: CartridgeTape | undefined;
    try {
      tape = drive.tape;
    } catch {
      // A tape file that cannot even be opened holds nothing waiting to be written: the cartridge comes out.
    }
    try {
      await tape?.flush();
    } catch (error) {
      // The host hears that what it wrote may not be on disk (a current error, as at WRITE FILEMARKS:
      // the UNLOAD's own flush failed) and the cartridge stays; the operator hears it too. Another
      // UNLOAD takes it out (a failed fsync is not retried: Linux may have dropped those pages).
      drive.library.tapes.syncFailed(drive.cartridge, 'unload', error);
      storeFailure(error, 0);
    }
  }
  drive.moveTo(0, 0);
  await ejectDrive(drive.library, drive.address);
}

export const loadUnload: DriveCommandSpec = {
  opcode: Opcode.LOAD_UNLOAD,
  name: 'LOAD UNLOAD',
  cdbLength: 6,
  parse: parseLoadUnloadCdb,
  access: 'write',
  run({ cdb, drive, nexus }) {
    const c = parseLoadUnloadCdb(cdb);
    if (c.load && c.endOfTape) throw new CheckCondition(invalidField(true, 4, 2));
    return c.load ? load(drive, nexus.initiator) : unload(drive);
  },
};

export const drivePreventAllowMediumRemoval: DriveCommandSpec = {
  opcode: Opcode.PREVENT_ALLOW_MEDIUM_REMOVAL,
  name: 'PREVENT ALLOW MEDIUM REMOVAL',
  cdbLength: 6,
  parse: parsePreventAllowMediumRemovalCdb,
  access: 'always',
  run({ cdb, nexus, drive }) {
    drive.setPrevent(nexus.initiator, parsePreventAllowMediumRemovalCdb(cdb).prevent);
  },
};
