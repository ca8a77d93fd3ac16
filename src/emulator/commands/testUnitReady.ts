/** TEST UNIT READY: GOOD when the robot could move now; 04/01 while booting or inventorying, 04/83 with the door open. */
import { Opcode, parseTestUnitReadyCdb, senseFor } from '../../scsi/index.ts';
import { CheckCondition, type CommandSpec } from '../command.ts';
import { LIBRARY_SENSE, becomingReady } from '../senseForCondition.ts';

export const testUnitReady: CommandSpec = {
  opcode: Opcode.TEST_UNIT_READY,
  name: 'TEST UNIT READY',
  cdbLength: 6,
  parse: parseTestUnitReadyCdb,
  access: 'always',
  run({ cdb, library }) {
    parseTestUnitReadyCdb(cdb);
    if (library.notReady !== null) throw new CheckCondition(becomingReady(library.progress));
    if (library.state.doorOpen) throw new CheckCondition(senseFor(LIBRARY_SENSE.DOOR_OPEN));
  },
};
