/**
 * WRITE(6) and WRITE FILEMARKS(6): what is written goes at the head's position and everything
 * after it is gone (tape semantics: writing in the middle makes that the new end of data). A
 * write-protected cartridge refuses (07/27/00), a WORM cartridge refuses anything but appending
 * (07/30/0C), and what does not fit the cartridge's capacity is not written at all (VOLUME
 * OVERFLOW 00/02 with EOM). Every write is saved with the library's state.
 */
import { Opcode, SENSE, parseWrite6Cdb, parseWriteFilemarks6Cdb, senseFor } from '../../../scsi/index.ts';
import { CheckCondition } from '../../command.ts';
import { invalidField } from '../../senseForCondition.ts';
import { FILEMARK, TAPE_CAPACITY_BYTES, record, tapeUsage, type TapeEntry } from '../../tapeContents.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import type { DriveUnit } from '../driveUnit.ts';
import { endOfTape } from '../tapeSense.ts';

/** The write-protect tab, or a WORM tape filled to capacity: MODE SENSE reports WP for both. */
export function writeProtected(drive: DriveUnit): boolean {
  const cartridge = drive.cartridge;
  return cartridge.writeProtected || (cartridge.kind === 'worm' && tapeUsage(cartridge.tape) >= TAPE_CAPACITY_BYTES);
}

/**
 * Replaces everything from the head on with what `write` makes (`size` capacity units), or
 * refuses as the drive would; `residue` is the request's size for the sense INFORMATION.
 */
function writeAtHead(drive: DriveUnit, size: number, write: () => TapeEntry[], residue: number): void {
  const cartridge = drive.cartridge;
  if (writeProtected(drive)) throw new CheckCondition(senseFor(SENSE.WRITE_PROTECTED));
  const position = drive.position;
  if (cartridge.kind === 'worm' && position < cartridge.tape.length) throw new CheckCondition(senseFor(SENSE.WORM_OVERWRITE_ATTEMPTED));
  const kept = cartridge.tape.slice(0, position);
  if (tapeUsage(kept) + size > TAPE_CAPACITY_BYTES) throw new CheckCondition(endOfTape(residue));
  cartridge.tape = kept.concat(write());
  drive.position = cartridge.tape.length;
  drive.library.commit();
}

export const write6: DriveCommandSpec = {
  opcode: Opcode.WRITE_6,
  name: 'WRITE(6)',
  cdbLength: 6,
  parse: parseWrite6Cdb,
  access: 'write',
  needsReady: true,
  run({ cdb, dataOut, drive }) {
    const c = parseWrite6Cdb(cdb);
    if (c.fixed) throw new CheckCondition(invalidField(true, 1, 0));
    if (c.transferLength === 0) return;
    // The record is what the CDB says; a transport that carried less data is the initiator's mistake.
    if (dataOut.length < c.transferLength) throw new CheckCondition(invalidField(true, 2));
    writeAtHead(drive, c.transferLength, () => [record(Uint8Array.from(dataOut.subarray(0, c.transferLength)))], c.transferLength);
  },
};

export const writeFilemarks6: DriveCommandSpec = {
  opcode: Opcode.WRITE_FILEMARKS_6,
  name: 'WRITE FILEMARKS(6)',
  cdbLength: 6,
  parse: parseWriteFilemarks6Cdb,
  access: 'write',
  needsReady: true,
  run({ cdb, drive }) {
    const c = parseWriteFilemarks6Cdb(cdb);
    if (c.setmarks) throw new CheckCondition(invalidField(true, 1, 1));
    // Zero filemarks only flushes the buffer, which this drive does not have.
    if (c.count === 0) return;
    writeAtHead(drive, c.count, () => new Array<TapeEntry>(c.count).fill(FILEMARK), c.count);
  },
};
