/** LOCATE(16): to a logical object or a logical file (DEST_TYPE), optionally in another partition (tapeLocating.ts). */
import { Opcode } from '../../../scsi/index.ts';
import { parseLocate16Cdb } from '../../../scsi/ssc/locate.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import { travel } from '../driveMotion.ts';
import { locateOnTape } from '../tapeLocating.ts';

const PARTITION_BYTE = 3;

export const locate16: DriveCommandSpec = {
  opcode: Opcode.LOCATE_16,
  name: 'LOCATE(16)',
  cdbLength: 16,
  parse: parseLocate16Cdb,
  access: 'read',
  needsReady: true,
  run({ cdb, drive }) {
    const c = parseLocate16Cdb(cdb);
    return travel(drive, () => locateOnTape(drive, c, PARTITION_BYTE));
  },
};
