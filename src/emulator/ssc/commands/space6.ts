/** SPACE(6): blocks, filemarks, sequential filemarks or end of data, 24-bit count (tapeSpacing.ts). */
import { Opcode, parseSpace6Cdb } from '../../../scsi/index.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import { travel } from '../driveMotion.ts';
import { spaceOnTape } from '../tapeSpacing.ts';

export const space6: DriveCommandSpec = {
  opcode: Opcode.SPACE_6,
  name: 'SPACE(6)',
  cdbLength: 6,
  parse: parseSpace6Cdb,
  access: 'read',
  needsReady: true,
  run({ cdb, drive }) {
    const c = parseSpace6Cdb(cdb);
    return travel(drive, () => spaceOnTape(drive, c.code, c.count));
  },
};
