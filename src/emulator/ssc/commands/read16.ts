/**
 * READ(16): READ(6) that names where it starts — the head must be at that partition and logical
 * object, else ILLEGAL REQUEST 24/00 pointing at the field (the drive does not seek for it).
 */
import { Opcode } from '../../../scsi/index.ts';
import { parseRead16Cdb } from '../../../scsi/ssc/read16.ts';
import { CheckCondition } from '../../command.ts';
import { invalidField } from '../../senseForCondition.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import { stream } from '../driveMotion.ts';
import { readFromTape } from '../tapeReading.ts';

export const read16: DriveCommandSpec = {
  opcode: Opcode.READ_16,
  name: 'READ(16)',
  cdbLength: 16,
  parse: parseRead16Cdb,
  access: 'read',
  needsReady: true,
  run({ cdb, drive, dataInBuffer, borrowDataIn }) {
    const c = parseRead16Cdb(cdb);
    if (c.partition !== drive.partitionNumber) throw new CheckCondition(invalidField(true, 3));
    if (c.logicalObjectIdentifier !== BigInt(drive.position)) throw new CheckCondition(invalidField(true, 4));
    const data = readFromTape(drive, c, 12, { buffers: dataInBuffer, borrow: borrowDataIn });
    return stream(drive, data?.length ?? 0, data);
  },
};
