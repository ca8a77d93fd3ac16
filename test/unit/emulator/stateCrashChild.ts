/**
 * Child of the state crash test: shuttles cartridges between slots of a library-24 in `dir` and
 * prints "ack <placement>" once each move is on disk, until it is killed.
 */
import { buildMoveMediumCdb } from '../../../src/scsi/index.ts';
import { VirtualClock, VirtualLibrary } from '../../../src/emulator/index.ts';

const dir = process.argv[2] as string;
const lib = await VirtualLibrary.open({ dir, profile: 'library-24', clock: new VirtualClock({ autoAdvance: true }), instant: true });
const nexus = { initiator: 'crash', lun: 0 };
await lib.device.execute(nexus, { cdb: Buffer.alloc(6) });
const slots = [4096, 4097, 4098, 4099, 4100, 4101, 4102, 4103, 4104, 4105];
for (let i = 0; ; i++) {
  const now = Object.fromEntries(lib.contents().map((c) => [c.address, c.cartridge.label]));
  const full = slots.filter((s) => now[s] !== undefined);
  const empty = slots.filter((s) => now[s] === undefined);
  const cdb = buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: full[(i * 7) % full.length] as number, destinationAddress: empty[(i * 3) % empty.length] as number });
  const r = await lib.device.execute(nexus, { cdb });
  if (r.status !== 0) throw new Error(`move ${i}: status ${r.status}`);
  await lib.flush();
  process.stdout.write(`ack ${JSON.stringify(Object.fromEntries(lib.contents().map((c) => [c.address, c.cartridge.label])))}\n`);
}
