/** WRITE(6): one record (variable mode) or `count` fixed blocks at the head (tapeWriting.ts). */
import { Opcode, parseWrite6Cdb } from '../../../scsi/index.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import { stream } from '../driveMotion.ts';
import { writeToTape } from '../tapeWriting.ts';

export const write6: DriveCommandSpec = {
  opcode: Opcode.WRITE_6,
  name: 'WRITE(6)',
  cdbLength: 6,
  parse: parseWrite6Cdb,
  access: 'write',
  needsReady: true,
  run({ cdb, dataOut, drive }) {
    const c = parseWrite6Cdb(cdb);
    writeToTape(drive, { fixed: c.fixed, transferLength: c.transferLength, dataOut });
    return stream(drive, dataOut.length, undefined);
  },
};
