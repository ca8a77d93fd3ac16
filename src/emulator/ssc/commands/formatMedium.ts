/**
 * FORMAT MEDIUM: the whole cartridge erased and laid out again, from the beginning of partition 0
 * only (elsewhere 05/2C/00). Format 0: one partition of the whole tape. Formats 1 and 2: the
 * partitions MODE SELECT page 11h asked for (DriveSettings.pendingPartitions, bytes each, the
 * last possibly "the rest"), or the tape's present layout when none was asked. Refused on a
 * write-protected tape (07/27/00) and on WORM media that hold data (07/30/0C). The head ends at the
 * beginning of partition 0.
 */
import { Opcode, SENSE, senseFor } from '../../../scsi/index.ts';
import { MediumFormat, parseFormatMediumCdb } from '../../../scsi/ssc/formatMedium.ts';
import { CheckCondition } from '../../command.ts';
import { invalidField } from '../../senseForCondition.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import type { DriveUnit } from '../driveUnit.ts';
import { storeFailure } from '../tapeFailure.ts';
import { writeProtected } from '../tapeWriting.ts';

function holdsData(drive: DriveUnit): boolean {
  for (let p = 0; p < drive.tape.partitionCount; p++) if (drive.tape.partition(p).objects > 0) return true;
  return false;
}

export const formatMedium: DriveCommandSpec = {
  opcode: Opcode.FORMAT_MEDIUM,
  name: 'FORMAT MEDIUM',
  cdbLength: 6,
  parse: parseFormatMediumCdb,
  access: 'write',
  needsReady: true,
  run({ cdb, drive }) {
    const c = parseFormatMediumCdb(cdb);
    if (c.transferLength !== 0) throw new CheckCondition(invalidField(true, 3));
    if (writeProtected(drive)) throw new CheckCondition(senseFor(SENSE.WRITE_PROTECTED));
    if (drive.partitionNumber !== 0 || drive.position !== 0) throw new CheckCondition(senseFor(SENSE.COMMAND_SEQUENCE_ERROR));
    if (drive.tape.worm && holdsData(drive)) throw new CheckCondition(senseFor(SENSE.WORM_OVERWRITE_ATTEMPTED));
    const sizes = c.format === MediumFormat.DEFAULT ? [undefined] : (drive.settings.pendingPartitions ?? drive.tape.partitionSizes);
    try {
      drive.tape.format(sizes);
      drive.tape.sync();
    } catch (error) {
      if (error instanceof RangeError) throw new CheckCondition(invalidField(true, 2, 3), { message: error.message });
      storeFailure(error, 0);
    }
    drive.moveTo(0, 0);
  },
};
