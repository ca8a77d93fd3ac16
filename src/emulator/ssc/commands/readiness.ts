/**
 * TEST UNIT READY and REQUEST SENSE of a tape drive. TEST UNIT READY passes the dispatcher's
 * readiness check (no medium 3A/00, threading 04/01, cleaner 30/03) and then has nothing to do;
 * REQUEST SENSE hands out one pending unit attention, else the drive's NOT READY state, else NO SENSE.
 */
import { Opcode, SENSE, buildSenseData, parseRequestSenseCdb, parseTestUnitReadyCdb, senseFor, toDescriptorFormat } from '../../../scsi/index.ts';
import { truncate } from '../../command.ts';
import { senseForAttention } from '../../senseForCondition.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';

export const driveTestUnitReady: DriveCommandSpec = {
  opcode: Opcode.TEST_UNIT_READY,
  name: 'TEST UNIT READY',
  cdbLength: 6,
  parse: parseTestUnitReadyCdb,
  access: 'always',
  needsReady: true,
  run({ cdb }) {
    parseTestUnitReadyCdb(cdb);
  },
};

export const driveRequestSense: DriveCommandSpec = {
  opcode: Opcode.REQUEST_SENSE,
  name: 'REQUEST SENSE',
  cdbLength: 6,
  parse: parseRequestSenseCdb,
  access: 'always',
  allowedUnderReserve: true,
  ignoresUnitAttention: true,
  run({ cdb, nexus, drive }) {
    const c = parseRequestSenseCdb(cdb);
    const attention = drive.attentions.take(nexus.initiator);
    const sense = attention !== undefined ? senseForAttention(attention) : (drive.notReadySense() ?? senseFor(SENSE.NO_SENSE));
    return truncate(buildSenseData(c.descriptorFormat ? toDescriptorFormat(sense) : sense), c.allocationLength);
  },
};
