/**
 * SPACE of a tape drive (the (6) and (16) forms share it), by index lookups so spacing over a
 * million blocks costs what spacing over one does. Blocks stop at a filemark — past it going
 * forward, before it going backward — with NO SENSE 00/01 FILEMARK; filemarks backward stop before
 * the last one crossed (where `mt bsf` leaves the tape). Into end of data: BLANK CHECK 00/05 (MEDIUM
 * ERROR 11/00 when the file is damaged there); into the beginning: NO SENSE 00/04 with EOM.
 * INFORMATION is the count not spaced.
 */
import { SpaceCode } from '../../scsi/index.ts';
import { CheckCondition } from '../command.ts';
import { invalidField } from '../senseForCondition.ts';
import type { DriveUnit } from './driveUnit.ts';
import { beginningOfTape, endOfData, filemarkDetected, unrecoveredReadError } from './tapeSense.ts';

function intoEndOfData(drive: DriveUnit, residue: number): never {
  drive.position = drive.partition.objects;
  throw new CheckCondition(drive.partition.damaged ? unrecoveredReadError(residue) : endOfData(residue, drive.endOfDataPastEarlyWarning));
}

function spaceBlocks(drive: DriveUnit, count: number): void {
  const partition = drive.partition;
  const index = partition.index;
  const objects = partition.objects;
  const position = drive.position;
  const k = index.filemarksBefore(position);
  if (count > 0) {
    const target = position + count;
    const mark = k < index.filemarkCount ? index.filemarkAt(k) : Infinity;
    if (mark < target) {
      drive.position = mark + 1;
      throw new CheckCondition(filemarkDetected(count - (mark - position)));
    }
    if (target > objects) intoEndOfData(drive, count - (objects - position));
    drive.position = target;
    return;
  }
  const total = -count;
  const target = position - total;
  const mark = k > 0 ? index.filemarkAt(k - 1) : -1;
  if (mark >= 0 && mark >= target) {
    drive.position = mark;
    throw new CheckCondition(filemarkDetected(total - (position - mark - 1)));
  }
  if (target < 0) {
    drive.position = 0;
    throw new CheckCondition(beginningOfTape(total - position));
  }
  drive.position = target;
}

function spaceFilemarks(drive: DriveUnit, count: number): void {
  const index = drive.partition.index;
  const k = index.filemarksBefore(drive.position);
  if (count > 0) {
    if (k + count - 1 < index.filemarkCount) {
      drive.position = index.filemarkAt(k + count - 1) + 1;
      return;
    }
    intoEndOfData(drive, count - (index.filemarkCount - k));
  }
  const total = -count;
  if (total <= k) {
    drive.position = index.filemarkAt(k - total);
    return;
  }
  drive.position = 0;
  throw new CheckCondition(beginningOfTape(total - k));
}

/** Forward to just past the first run of `count` consecutive filemarks. */
function spaceSequentialFilemarks(drive: DriveUnit, count: number): void {
  const index = drive.partition.index;
  let run = 0;
  let previous = -2;
  for (let k = index.filemarksBefore(drive.position); k < index.filemarkCount; k++) {
    const mark = index.filemarkAt(k);
    run = mark === previous + 1 ? run + 1 : 1;
    previous = mark;
    if (run === count) {
      drive.position = mark + 1;
      return;
    }
  }
  intoEndOfData(drive, count);
}

export function spaceOnTape(drive: DriveUnit, code: SpaceCode, count: number): void {
  switch (code) {
    case SpaceCode.BLOCKS:
      if (count !== 0) spaceBlocks(drive, count);
      return;
    case SpaceCode.FILEMARKS:
      if (count !== 0) spaceFilemarks(drive, count);
      return;
    case SpaceCode.SEQUENTIAL_FILEMARKS:
      if (count < 0) throw new CheckCondition(invalidField(true, 2));
      if (count > 0) spaceSequentialFilemarks(drive, count);
      return;
    case SpaceCode.END_OF_DATA:
      drive.position = drive.partition.objects;
      return;
  }
}
