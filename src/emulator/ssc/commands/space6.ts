/**
 * SPACE(6): the head moves over blocks (records), filemarks, sequential filemarks or to end of
 * data, forward or (negative count) backward. Spacing over blocks stops at a filemark — past it
 * going forward, before it going backward — with NO SENSE FILEMARK; spacing backward over
 * filemarks stops before the last one crossed (where `mt bsf` leaves the tape). Running into end
 * of data is BLANK CHECK 00/05, into the beginning NO SENSE EOM 00/04; INFORMATION is the count
 * not spaced.
 */
import { Opcode, SpaceCode, parseSpace6Cdb } from '../../../scsi/index.ts';
import { CheckCondition } from '../../command.ts';
import { invalidField } from '../../senseForCondition.ts';
import type { TapeEntry } from '../../tapeContents.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import type { DriveUnit } from '../driveUnit.ts';
import { beginningOfTape, endOfData, filemarkDetected } from '../tapeSense.ts';

function spaceBlocks(drive: DriveUnit, tape: readonly TapeEntry[], count: number): void {
  let position = drive.position;
  const step = count > 0 ? 1 : -1;
  const total = Math.abs(count);
  try {
    for (let done = 0; done < total; done++) {
      const entry = step > 0 ? tape[position] : tape[position - 1];
      if (entry === undefined) throw new CheckCondition(step > 0 ? endOfData(total - done) : beginningOfTape(total - done));
      position += step;
      if (entry.kind === 'filemark') throw new CheckCondition(filemarkDetected(total - done));
    }
  } finally {
    drive.position = position;
  }
}

function spaceFilemarks(drive: DriveUnit, tape: readonly TapeEntry[], count: number): void {
  let position = drive.position;
  const total = Math.abs(count);
  try {
    for (let done = 0; done < total; ) {
      if (count > 0) {
        const entry = tape[position];
        if (entry === undefined) throw new CheckCondition(endOfData(total - done));
        position++;
        if (entry.kind === 'filemark') done++;
      } else {
        const entry = tape[position - 1];
        if (entry === undefined) throw new CheckCondition(beginningOfTape(total - done));
        position--;
        if (entry.kind === 'filemark') done++;
      }
    }
  } finally {
    drive.position = position;
  }
}

/** Forward to just past the first run of `count` consecutive filemarks. */
function spaceSequentialFilemarks(drive: DriveUnit, tape: readonly TapeEntry[], count: number): void {
  let run = 0;
  for (let position = drive.position; position < tape.length; position++) {
    run = tape[position]?.kind === 'filemark' ? run + 1 : 0;
    if (run === count) {
      drive.position = position + 1;
      return;
    }
  }
  drive.position = tape.length;
  throw new CheckCondition(endOfData(count));
}

export const space6: DriveCommandSpec = {
  opcode: Opcode.SPACE_6,
  name: 'SPACE(6)',
  cdbLength: 6,
  parse: parseSpace6Cdb,
  access: 'read',
  needsReady: true,
  run({ cdb, drive }) {
    const c = parseSpace6Cdb(cdb);
    const tape = drive.cartridge.tape;
    switch (c.code) {
      case SpaceCode.BLOCKS:
        return spaceBlocks(drive, tape, c.count);
      case SpaceCode.FILEMARKS:
        return spaceFilemarks(drive, tape, c.count);
      case SpaceCode.SEQUENTIAL_FILEMARKS:
        if (c.count < 0) throw new CheckCondition(invalidField(true, 2));
        if (c.count === 0) return;
        return spaceSequentialFilemarks(drive, tape, c.count);
      case SpaceCode.END_OF_DATA:
        drive.position = tape.length;
        return;
    }
  },
};
