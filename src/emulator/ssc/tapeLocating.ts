/**
 * LOCATE of a tape drive (the (10) and (16) forms share it): straight to a logical object, or to
 * a logical file, by index lookups. CP changes partition first (a partition the tape does not have:
 * 05/24/00 at the partition field). A logical object beyond end of data leaves the head at end of
 * data with BLANK CHECK 00/05 — how LTFS goes to end of data (LOCATE to FFFF…FFFFh). A logical file
 * k lands on the beginning side of filemark k (IBM numbering: then SPACE FM +1 is file k + 1, which
 * PBS expects at the first try); beyond the last filemark, at end of data with BLANK CHECK.
 */
import { SENSE, senseFor } from '../../scsi/index.ts';
import { LocateDestination, type LocateCdb } from '../../scsi/ssc/locate.ts';
import { CheckCondition } from '../command.ts';
import { invalidField } from '../senseForCondition.ts';
import type { DriveUnit } from './driveUnit.ts';

export function locateOnTape(drive: DriveUnit, c: LocateCdb, partitionField: number): void {
  const partitionNumber = c.changePartition ? c.partition : drive.partitionNumber;
  if (partitionNumber >= drive.tape.partitionCount) throw new CheckCondition(invalidField(true, partitionField));
  const partition = drive.tape.partition(partitionNumber);
  const objects = partition.objects;
  const index = partition.index;
  let target: number;
  if (c.destination === LocateDestination.LOGICAL_FILE) {
    target = c.identifier < BigInt(index.filemarkCount) ? index.filemarkAt(Number(c.identifier)) : Infinity;
  } else {
    target = c.identifier <= BigInt(objects) ? Number(c.identifier) : Infinity;
  }
  if (target === Infinity) {
    drive.moveTo(partitionNumber, objects);
    throw new CheckCondition(senseFor(SENSE.END_OF_DATA_DETECTED)); // BLANK CHECK without a residue: the head is at end of data
  }
  drive.moveTo(partitionNumber, target);
}
