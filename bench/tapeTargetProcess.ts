// Child process of the tape bench: our target serving a virtual library (changer on LUN 0, drive k
// on LUN 1 + k, zero-time mechanics, its state and tape files in a scratch directory) and a
// NullTape on a second IQN, in a process of its own as tgtd is. Prints one JSON line when
// listening; SIGTERM closes it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualLibrary, driveLun } from '../src/emulator/index.ts';
import { IscsiTarget } from '../src/iscsi/target/index.ts';
import type { ScsiDevice } from '../src/scsi/device.ts';
import { NullTape } from './nullTape.ts';

const profile = process.argv[2] ?? 'library-500';
const iqn = `iqn.2026-11.dev.changer.bench:tape-${profile}`;
const sinkIqn = 'iqn.2026-11.dev.changer.bench:null-tape';
const dir = await mkdtemp(join(process.env.BENCH_TAPE_DIR ?? tmpdir(), 'changer-bench-tape-'));
const library = await VirtualLibrary.open({ dir, profile, instant: true });
const luns = new Map<number, ScsiDevice>([[0, library.device], ...library.drives.map((drive): [number, ScsiDevice] => [driveLun(drive.driveIndex), drive])]);
const target = new IscsiTarget({ targets: [{ name: iqn, luns }, { name: sinkIqn, luns: { 0: new NullTape() } }] });
const { port } = await target.listen(0, '127.0.0.1');
const cartridges = library.contents()
  .filter((c) => c.cartridge.tagA !== null && !c.cartridge.tagA.startsWith('CLN') && c.kind === 'slot')
  .map((c) => c.address);
process.stdout.write(JSON.stringify({
  port, iqn, sinkIqn,
  drives: library.drives.map((d) => ({ lun: driveLun(d.driveIndex), address: library.addresses('drive')[d.driveIndex] })),
  transport: library.addresses('transport')[0],
  cartridges,
}) + '\n');
process.once('SIGTERM', () => {
  void target.close({ graceMs: 200 }).then(() => library.close()).then(() => rm(dir, { recursive: true, force: true }));
});
