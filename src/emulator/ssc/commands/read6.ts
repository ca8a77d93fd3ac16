/**
 * READ(6), variable mode only (FIXED = 1 is refused, 05/24/00 at byte 1 bit 0): the next object
 * on the tape. A record as long as asked: GOOD. Shorter: the record, GOOD when SILI = 1, else
 * CHECK CONDITION NO SENSE with ILI. Longer: as much as asked, CHECK CONDITION NO SENSE with ILI
 * whatever SILI says (its tail is lost). Either way INFORMATION = requested − actual (signed),
 * and the head is past the record. A filemark: NO SENSE with FILEMARK, head past the mark. End
 * of data: BLANK CHECK 00/05, head stays.
 */
import { Opcode, parseRead6Cdb } from '../../../scsi/index.ts';
import { CheckCondition } from '../../command.ts';
import { invalidField } from '../../senseForCondition.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';
import { endOfData, filemarkDetected, incorrectLength } from '../tapeSense.ts';

export const read6: DriveCommandSpec = {
  opcode: Opcode.READ_6,
  name: 'READ(6)',
  cdbLength: 6,
  parse: parseRead6Cdb,
  access: 'read',
  needsReady: true,
  run({ cdb, drive }) {
    const c = parseRead6Cdb(cdb);
    if (c.fixed) throw new CheckCondition(invalidField(true, 1, 0));
    if (c.transferLength === 0) return;
    const tape = drive.cartridge.tape;
    const position = drive.position;
    const entry = tape[position];
    if (entry === undefined) throw new CheckCondition(endOfData(c.transferLength));
    drive.position = position + 1;
    if (entry.kind === 'filemark') throw new CheckCondition(filemarkDetected(c.transferLength));
    const record = entry.bytes;
    if (record.length === c.transferLength) return record;
    if (record.length < c.transferLength) {
      if (c.suppressIncorrectLength) return record;
      throw new CheckCondition(incorrectLength(c.transferLength, record.length), { dataIn: record });
    }
    throw new CheckCondition(incorrectLength(c.transferLength, record.length), { dataIn: record.subarray(0, c.transferLength) });
  },
};
