/** REZERO UNIT (01h): legacy "home the robot"; every robot recalibrates once it is free. */
import { Opcode, parseRezeroUnitCdb } from '../../scsi/index.ts';
import type { CommandSpec } from '../command.ts';
import { rezeroRobots } from '../transportMechanics.ts';

export const rezeroUnit: CommandSpec = {
  opcode: Opcode.REZERO_UNIT,
  name: 'REZERO UNIT',
  cdbLength: 6,
  parse: parseRezeroUnitCdb,
  nominalSeconds: (p) => Math.ceil(p.timings.rezeroMs / 1000),
  access: 'write',
  needsReady: true,
  async run({ cdb, library }) {
    parseRezeroUnitCdb(cdb);
    await rezeroRobots(library);
  },
};
