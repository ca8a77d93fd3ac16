/** WRITE FILEMARKS(6): `count` filemarks at the head, then the tape is synced to disk; 0 only syncs (tapeWriting.ts). */
import { Opcode, parseWriteFilemarks6Cdb } from '../../../scsi/index.ts';
import { CheckCondition } from '../../command.ts';
import { invalidField } from '../../senseForCondition.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import { writeFilemarksToTape } from '../tapeWriting.ts';

export const writeFilemarks6: DriveCommandSpec = {
  opcode: Opcode.WRITE_FILEMARKS_6,
  name: 'WRITE FILEMARKS(6)',
  cdbLength: 6,
  parse: parseWriteFilemarks6Cdb,
  access: 'write',
  needsReady: true,
  run({ cdb, drive }) {
    const c = parseWriteFilemarks6Cdb(cdb);
    // LTO has no setmarks.
    if (c.setmarks) throw new CheckCondition(invalidField(true, 1, 1));
    return writeFilemarksToTape(drive, c);
  },
};
