/**
 * INITIALIZE ELEMENT STATUS (07h) and … WITH RANGE (37h, and the vendor E7h of Quantum DX /
 * Oracle SL150): an inventory; other commands meet 02/04/01 until it is over.
 */
import { Opcode, parseInitializeElementStatusCdb, parseInitializeElementStatusWithRangeCdb } from '../../scsi/index.ts';
import { CheckCondition, type CommandSpec } from '../command.ts';
import { senseForRefusal } from '../senseForCondition.ts';
import { LibraryRefusal } from '../conditions.ts';
import { runInventory } from '../inventoryMechanics.ts';
import type { Library } from '../library.ts';
import type { Profile } from '../profile.ts';

/** A full inventory: every element but the transports, labels read where there is a reader. */
function fullInventoryMs(p: Profile): number {
  const elements = p.slots.reduce((n, r) => n + r.count, 0) + p.ieStations.reduce((n, r) => n + r.count, 0) + p.drives.reduce((n, r) => n + r.count, 0);
  const perElement = p.features.barcodeReader ? p.timings.inventoryPerElementMs : p.timings.inventoryPerElementNoLabelMs;
  return p.timings.inventoryBaseMs + elements * perElement;
}

export const initializeElementStatus: CommandSpec = {
  opcode: Opcode.INITIALIZE_ELEMENT_STATUS,
  name: 'INITIALIZE ELEMENT STATUS',
  cdbLength: 6,
  parse: parseInitializeElementStatusCdb,
  nominalSeconds: (p) => Math.ceil(fullInventoryMs(p) / 1000),
  access: 'write',
  needsReady: true,
  async run({ cdb, library }) {
    parseInitializeElementStatusCdb(cdb);
    library.assertMotionAllowed();
    await runInventory(library);
  },
};

/** Element addresses from `start` on (transports excluded), `count` of them, 0 = to the last one. */
function rangeAddresses(library: Library, start: number, count: number): number[] {
  if (library.map.get(start) === undefined) {
    throw new CheckCondition(senseForRefusal(new LibraryRefusal('invalid-element-address', `no element at ${start}`, 'source'), { source: { byte: 2 } }));
  }
  const from = library.map.all.filter((e) => e.kind !== 'transport' && e.address >= start).map((e) => e.address);
  return count === 0 ? from : from.slice(0, count);
}

function withRange(opcode: number, name: string): CommandSpec {
  return {
    opcode,
    name,
    cdbLength: 10,
    parse: parseInitializeElementStatusWithRangeCdb,
    nominalSeconds: (p) => Math.ceil(fullInventoryMs(p) / 1000),
    access: 'write',
    needsReady: true,
    available: (profile) => profile.features.initializeElementStatusWithRange,
    async run({ cdb, library }) {
      const c = parseInitializeElementStatusWithRangeCdb(cdb);
      const addresses = c.range ? rangeAddresses(library, c.startingElementAddress, c.numberOfElements) : undefined;
      library.assertMotionAllowed();
      await runInventory(library, { ...(addresses === undefined ? {} : { addresses }), fast: c.fast });
    },
  };
}

export const initializeElementStatusWithRange = withRange(Opcode.INITIALIZE_ELEMENT_STATUS_WITH_RANGE, 'INITIALIZE ELEMENT STATUS WITH RANGE');
export const initializeElementStatusWithRangeVendor = withRange(
  Opcode.INITIALIZE_ELEMENT_STATUS_WITH_RANGE_VENDOR,
  'INITIALIZE ELEMENT STATUS WITH RANGE (E7h)',
);
