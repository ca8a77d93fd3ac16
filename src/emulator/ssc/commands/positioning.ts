/**
 * REWIND and READ POSITION (short form). The position is counted in logical objects — records
 * and filemarks alike — from the beginning of the tape, so block number n is the (n+1)-th object;
 * BOP is set at block 0. The drive keeps no write buffer, so the buffer counts are zero.
 */
import { Opcode, ReadPositionForm, buildReadPositionShortData, parseReadPositionCdb, parseRewindCdb } from '../../../scsi/index.ts';
import { CheckCondition } from '../../command.ts';
import { invalidField } from '../../senseForCondition.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';

export const rewind: DriveCommandSpec = {
  opcode: Opcode.REWIND,
  name: 'REWIND',
  cdbLength: 6,
  parse: parseRewindCdb,
  access: 'read',
  needsReady: true,
  run({ cdb, drive }) {
    parseRewindCdb(cdb);
    drive.position = 0;
  },
};

export const readPosition: DriveCommandSpec = {
  opcode: Opcode.READ_POSITION,
  name: 'READ POSITION',
  cdbLength: 10,
  parse: parseReadPositionCdb,
  access: 'read',
  needsReady: true,
  run({ cdb, drive }) {
    const c = parseReadPositionCdb(cdb);
    if (c.form !== ReadPositionForm.SHORT && c.form !== ReadPositionForm.SHORT_VENDOR) throw new CheckCondition(invalidField(true, 1, 4));
    const block = drive.position;
    return buildReadPositionShortData({
      beginningOfPartition: block === 0,
      endOfPartition: false,
      objectCountUnknown: false,
      byteCountUnknown: false,
      locationUnknown: false,
      positionError: false,
      beyondEarlyWarning: false,
      partitionNumber: 0,
      firstBlockLocation: block,
      lastBlockLocation: block,
      blocksInBuffer: 0,
      bytesInBuffer: 0,
    });
  },
};
