/**
 * SET CAPACITY: the tape erased and shortened to a share of its length (FFFFh: all of it, what
 * mkltfs sends), from the beginning of partition 0 only (elsewhere 05/2C/00); a proportion of 0
 * is refused (05/24/00). Refused on a write-protected tape (07/27/00) and on WORM media that hold
 * data (07/30/0C). The head ends at the beginning of the tape.
 */
import { Opcode, SENSE, senseFor } from '../../../scsi/index.ts';
import { FULL_CAPACITY_PROPORTION, parseSetCapacityCdb } from '../../../scsi/ssc/setCapacity.ts';
import { CheckCondition } from '../../command.ts';
import { invalidField } from '../../senseForCondition.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import { storeFailure } from '../tapeFailure.ts';
import { writeProtected } from '../tapeWriting.ts';

export const setCapacity: DriveCommandSpec = {
  opcode: Opcode.SET_CAPACITY,
  name: 'SET CAPACITY',
  cdbLength: 6,
  parse: parseSetCapacityCdb,
  access: 'write',
  needsReady: true,
  run({ cdb, drive }) {
    const c = parseSetCapacityCdb(cdb);
    if (c.proportion === 0) throw new CheckCondition(invalidField(true, 3));
    if (writeProtected(drive)) throw new CheckCondition(senseFor(SENSE.WRITE_PROTECTED));
    if (drive.partitionNumber !== 0 || drive.position !== 0) throw new CheckCondition(senseFor(SENSE.COMMAND_SEQUENCE_ERROR));
    const tape = drive.tape;
    let holdsData = false;
    for (let p = 0; p < tape.partitionCount; p++) holdsData ||= tape.partition(p).objects > 0;
    if (tape.worm && holdsData) throw new CheckCondition(senseFor(SENSE.WORM_OVERWRITE_ATTEMPTED));
    const full = c.proportion === FULL_CAPACITY_PROPORTION;
    try {
      tape.format([full ? undefined : Math.floor((tape.capacityBytes * c.proportion) / FULL_CAPACITY_PROPORTION)]);
      tape.sync();
    } catch (error) {
      storeFailure(error, 0);
    }
    drive.moveTo(0, 0);
  },
};
