/**
 * ERASE(6): end of data at the head — everything after it is gone, short or LONG (the long erase
 * to the end of the partition leaves the same: nothing readable after the head). Refused on a
 * write-protected tape (07/27/00) and on WORM media with data after the head (07/30/0C). The tape
 * is synced to disk before GOOD.
 */
import { Opcode, SENSE, senseFor } from '../../../scsi/index.ts';
import { parseErase6Cdb } from '../../../scsi/ssc/erase6.ts';
import { CheckCondition } from '../../command.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import { storeFailure } from '../tapeFailure.ts';
import { writeProtected } from '../tapeWriting.ts';

export const erase6: DriveCommandSpec = {
  opcode: Opcode.ERASE_6,
  name: 'ERASE(6)',
  cdbLength: 6,
  parse: parseErase6Cdb,
  access: 'write',
  needsReady: true,
  run({ cdb, drive }) {
    parseErase6Cdb(cdb);
    if (writeProtected(drive)) throw new CheckCondition(senseFor(SENSE.WRITE_PROTECTED));
    const partition = drive.partition;
    const position = drive.position;
    if (drive.tape.worm && position < partition.objects) throw new CheckCondition(senseFor(SENSE.WORM_OVERWRITE_ATTEMPTED));
    try {
      partition.truncate(position);
      partition.sync();
    } catch (error) {
      storeFailure(error, 0);
    }
  },
};
