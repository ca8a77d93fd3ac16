/** REWIND: the head to the beginning of partition 0, where LOAD leaves it too. IMMED changes nothing here. */
import { Opcode, parseRewindCdb } from '../../../scsi/index.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import { travel } from '../driveMotion.ts';

export const rewind: DriveCommandSpec = {
  opcode: Opcode.REWIND,
  name: 'REWIND',
  cdbLength: 6,
  parse: parseRewindCdb,
  access: 'read',
  needsReady: true,
  run({ cdb, drive }) {
    parseRewindCdb(cdb);
    return travel(drive, () => drive.moveTo(0, 0));
  },
};
