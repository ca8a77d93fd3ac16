/** SPACE(16): SPACE(6) with a 64-bit count, for tapes longer than 24 bits count (PBS, LTFS). */
import { Opcode } from '../../../scsi/index.ts';
import { parseSpace16Cdb } from '../../../scsi/ssc/space16.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import { travel } from '../driveMotion.ts';
import { spaceOnTape } from '../tapeSpacing.ts';

export const space16: DriveCommandSpec = {
  opcode: Opcode.SPACE_16,
  name: 'SPACE(16)',
  cdbLength: 16,
  parse: parseSpace16Cdb,
  access: 'read',
  needsReady: true,
  run({ cdb, drive }) {
    const c = parseSpace16Cdb(cdb);
    return travel(drive, () => spaceOnTape(drive, c.code, c.count));
  },
};
