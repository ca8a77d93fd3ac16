/** EXCHANGE MEDIUM (A6h), smc.md §1.5: needs a robot with two pickers (profile feature `exchange`). */
import { Opcode, parseExchangeMediumCdb } from '../../scsi/index.ts';
import type { CommandSpec } from '../command.ts';
import { exchangeMedium as robotExchange } from '../transportMechanics.ts';

export const exchangeMedium: CommandSpec = {
  opcode: Opcode.EXCHANGE_MEDIUM,
  name: 'EXCHANGE MEDIUM',
  cdbLength: 12,
  parse: parseExchangeMediumCdb,
  nominalSeconds: (p) => Math.ceil((2 * p.timings.driveUnloadMs + p.timings.exchangeMs + p.timings.invertMs + 2 * p.timings.driveLoadMs) / 1000),
  access: 'write',
  needsReady: true,
  available: (profile) => profile.features.exchange,
  operandFields: {
    transport: { byte: 2 },
    source: { byte: 4 },
    destination: { byte: 6 },
    'second-destination': { byte: 8 },
    invert: { byte: 10, bit: 0 },
    'second-invert': { byte: 10, bit: 1 },
  },
  async run({ cdb, library }) {
    const x = parseExchangeMediumCdb(cdb);
    await robotExchange(library, {
      transport: x.transportElementAddress,
      source: x.sourceAddress,
      firstDestination: x.firstDestinationAddress,
      secondDestination: x.secondDestinationAddress,
      invertFirst: x.invert1,
      invertSecond: x.invert2,
    });
  },
};
