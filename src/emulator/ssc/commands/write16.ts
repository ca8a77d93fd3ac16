/**
 * WRITE(16): WRITE(6) that names where it starts — the head must be at that partition and logical
 * object, else ILLEGAL REQUEST 24/00 pointing at the field.
 */
import { Opcode } from '../../../scsi/index.ts';
import { parseWrite16Cdb } from '../../../scsi/ssc/write16.ts';
import { CheckCondition } from '../../command.ts';
import { invalidField } from '../../senseForCondition.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import { stream } from '../driveMotion.ts';
import { writeToTape } from '../tapeWriting.ts';

export const write16: DriveCommandSpec = {
  opcode: Opcode.WRITE_16,
  name: 'WRITE(16)',
  cdbLength: 16,
  parse: parseWrite16Cdb,
  access: 'write',
  needsReady: true,
  run({ cdb, dataOut, drive }) {
    const c = parseWrite16Cdb(cdb);
    if (c.partition !== drive.partitionNumber) throw new CheckCondition(invalidField(true, 3));
    if (c.logicalObjectIdentifier !== BigInt(drive.position)) throw new CheckCondition(invalidField(true, 4));
    writeToTape(drive, { fixed: c.fixed, transferLength: c.transferLength, dataOut });
    return stream(drive, dataOut.length, undefined);
  },
};
