/** READ(6): the next record (variable mode) or `count` fixed blocks (tapeReading.ts). */
import { Opcode, parseRead6Cdb } from '../../../scsi/index.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import { stream } from '../driveMotion.ts';
import { readFromTape } from '../tapeReading.ts';

export const read6: DriveCommandSpec = {
  opcode: Opcode.READ_6,
  name: 'READ(6)',
  cdbLength: 6,
  parse: parseRead6Cdb,
  access: 'read',
  needsReady: true,
  run({ cdb, drive, dataInBuffer, borrowDataIn }) {
    const data = readFromTape(drive, parseRead6Cdb(cdb), 2, { buffers: dataInBuffer, borrow: borrowDataIn });
    return stream(drive, data?.length ?? 0, data);
  },
};
