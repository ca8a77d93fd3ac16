/** POSITION TO ELEMENT (2Bh), smc.md §1.6: the robot travels to an element and stays there. */
import { Opcode, parsePositionToElementCdb } from '../../scsi/index.ts';
import type { CommandSpec } from '../command.ts';
import { positionTransport } from '../transportMechanics.ts';

export const positionToElement: CommandSpec = {
  opcode: Opcode.POSITION_TO_ELEMENT,
  name: 'POSITION TO ELEMENT',
  cdbLength: 10,
  parse: parsePositionToElementCdb,
  nominalSeconds: (p) => Math.ceil((p.timings.positionMs + p.timings.invertMs) / 1000),
  access: 'write',
  needsReady: true,
  available: (profile) => profile.features.position,
  operandFields: { transport: { byte: 2 }, destination: { byte: 4 }, invert: { byte: 8, bit: 0 } },
  async run({ cdb, library }) {
    const p = parsePositionToElementCdb(cdb);
    await positionTransport(library, { transport: p.transportElementAddress, destination: p.destinationAddress, invert: p.invert });
  },
};
