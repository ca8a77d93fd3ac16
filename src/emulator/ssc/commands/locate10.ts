/** LOCATE(10): to a logical object (BT: the same number on LTO), optionally in another partition (tapeLocating.ts). */
import { Opcode } from '../../../scsi/index.ts';
import { parseLocate10Cdb } from '../../../scsi/ssc/locate.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import { travel } from '../driveMotion.ts';
import { locateOnTape } from '../tapeLocating.ts';

const PARTITION_BYTE = 8;

export const locate10: DriveCommandSpec = {
  opcode: Opcode.LOCATE_10,
  name: 'LOCATE(10)',
  cdbLength: 10,
  parse: parseLocate10Cdb,
  access: 'read',
  needsReady: true,
  run({ cdb, drive }) {
    const c = parseLocate10Cdb(cdb);
    return travel(drive, () => locateOnTape(drive, c, PARTITION_BYTE));
  },
};
