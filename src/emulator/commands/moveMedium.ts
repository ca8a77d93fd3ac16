/** MOVE MEDIUM (A5h), smc.md §1.4: one cartridge from a source element to a destination element. */
import { Opcode, parseMoveMediumCdb } from '../../scsi/index.ts';
import type { CommandSpec } from '../command.ts';
import { moveMedium as robotMove } from '../transportMechanics.ts';

export const moveMedium: CommandSpec = {
  opcode: Opcode.MOVE_MEDIUM,
  name: 'MOVE MEDIUM',
  cdbLength: 12,
  parse: parseMoveMediumCdb,
  nominalSeconds: (p) => Math.ceil((p.timings.driveUnloadMs + p.timings.moveMs + p.timings.invertMs + p.timings.driveLoadMs) / 1000),
  access: 'write',
  needsReady: true,
  operandFields: { transport: { byte: 2 }, source: { byte: 4 }, destination: { byte: 6 }, invert: { byte: 10, bit: 0 } },
  // Not async: a move done at once (zero-time mechanics, transportMechanics.ts) is answered in the same turn.
  run({ cdb, library }) {
    const move = parseMoveMediumCdb(cdb);
    return robotMove(library, { transport: move.transportElementAddress, source: move.sourceAddress, destination: move.destinationAddress, invert: move.invert });
  },
};
