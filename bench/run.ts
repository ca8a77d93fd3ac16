// `npm run bench`: figures, never pass/fail. Zero-time mechanics isolate the software's own cost.
import { scheduling } from './realtime.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Changer } from '../src/driver/changer.ts';
import { elementCount } from '../src/driver/changerParameters.ts';
import { ElementType } from '../src/driver/elementType.ts';
import { SmcMiniclass } from '../src/driver/smc/smcMiniclass.ts';
import { VirtualLibrary } from '../src/emulator/index.ts';
import { buildMoveMediumCdb } from '../src/scsi/cdb/moveMedium.ts';
import { LoopbackTransport } from '../src/transport/loopback.ts';
import { benchCrc32c } from './crc32c.ts';
import { benchIscsi } from './iscsi.ts';
import { benchScheduler } from './scheduler.ts';
import { benchSchedulerManager } from './schedulerManager.ts';
import { benchTape } from './tape.ts';
import { benchApi } from './api.ts';
import { benchInventory } from './inventory.ts';
import { benchWebMap } from './webMap.ts';
import { benchStartup } from './startup.ts';

interface Figure {
  readonly name: string;
  readonly value: string;
}
const figures: Figure[] = [];
const report = (name: string, value: string): void => {
  figures.push({ name, value });
  process.stdout.write(`${name.padEnd(58)} ${value}\n`);
};

async function withLibrary<T>(profile: string, work: (lib: VirtualLibrary) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), `bench-${profile}-`));
  const lib = await VirtualLibrary.open({ dir, profile, instant: true });
  try {
    return await work(lib);
  } finally {
    await lib.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function openChanger(lib: VirtualLibrary, name: string): Promise<Changer> {
  const key = `bench:${name}:${process.pid}`;
  // The hold is named here: once another bench has loaded the device-URL resolver, it would refuse `bench:`.
  return Changer.open(key, {
    owner: 'bench',
    deviceKey: key,
    connect: async () => new SmcMiniclass(new LoopbackTransport(lib.device, { initiator: 'bench', lun: 0 }, name)),
  });
}

/** Moves per second: a cartridge shuttled slot 0 ↔ drive 0, N times. */
async function movesPerSecond(n: number): Promise<void> {
  const emulator = await withLibrary('library-24', async (lib) => {
    const nexus = { initiator: 'bench', lun: 0 };
    const slot = lib.addresses('slot')[0] ?? 4096;
    const drive = lib.addresses('drive')[0] ?? 256;
    const transport = lib.addresses('transport')[0] ?? 1;
    const there = buildMoveMediumCdb({ transportElementAddress: transport, sourceAddress: slot, destinationAddress: drive });
    const back = buildMoveMediumCdb({ transportElementAddress: transport, sourceAddress: drive, destinationAddress: slot });
    await lib.device.execute(nexus, { cdb: Buffer.alloc(6) }); // drain the power-on unit attention
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      const r = await lib.device.execute(nexus, { cdb: i % 2 === 0 ? there : back });
      if (r.status !== 0) throw new Error(`move ${i} failed with status ${r.status}`);
    }
    return (n / (performance.now() - t)) * 1000;
  });
  const stack = await withLibrary('library-24', async (lib) => {
    const c = await openChanger(lib, 'moves');
    try {
      const slot = { type: ElementType.Slot, index: 0 };
      const drive = { type: ElementType.Drive, index: 0 };
      const transport = { type: ElementType.Transport, index: 0 };
      const t = performance.now();
      for (let i = 0; i < n; i++) {
        await c.moveMedium(i % 2 === 0 ? { transport, source: slot, destination: drive, flip: false } : { transport, source: drive, destination: slot, flip: false });
      }
      return (n / (performance.now() - t)) * 1000;
    } finally {
      await c.close();
    }
  });
  report('MOVE MEDIUM, emulator alone (CDB → SmcDevice)', `${emulator.toFixed(0)} moves/s`);
  report('MOVE MEDIUM, full stack (Changer → smc → loopback → emulator)', `${stack.toFixed(0)} moves/s`);
  report('full stack / emulator alone', `${(stack / emulator).toFixed(2)}`);
}

/** A whole element-status pass of the 10,000-slot library through the driver (chunked RES). */
async function enterpriseInventory(): Promise<void> {
  await withLibrary('enterprise-10000', async (lib) => {
    const c = await openChanger(lib, 'inventory');
    try {
      const p = c.cachedParameters;
      const total = elementCount(p, ElementType.AllElements);
      const t0 = performance.now();
      await c.initializeElementStatus({ element: { type: ElementType.AllElements, index: 0 }, count: 0, barCodeScan: true });
      const t1 = performance.now();
      const all = await c.getElementStatus({ element: { type: ElementType.AllElements, index: 0 }, count: total, volumeTagInfo: true });
      const t2 = performance.now();
      report('enterprise-10000: INITIALIZE ELEMENT STATUS (zero-time mechanics)', `${(t1 - t0).toFixed(1)} ms`);
      report(`enterprise-10000: READ ELEMENT STATUS of all ${all.length} elements`, `${(t2 - t1).toFixed(1)} ms (${((all.length / (t2 - t1)) * 1000).toFixed(0)} elements/s)`);
    } finally {
      await c.close();
    }
  });
}

/** The emulator alone on the 10,000-slot profile: commands/s through execute(), and a whole-library RES answer. */
async function enterpriseEmulator(): Promise<void> {
  const { buildReadElementStatusCdb } = await import('../src/scsi/cdb/readElementStatus.ts');
  const { buildTestUnitReadyCdb } = await import('../src/scsi/cdb/testUnitReady.ts');
  const { parseElementStatusData } = await import('../src/scsi/elementStatus/elementStatusData.ts');
  await withLibrary('enterprise-10000', async (lib) => {
    const nexus = { initiator: 'bench', lun: 0 };
    const tur = buildTestUnitReadyCdb();
    await lib.device.execute(nexus, { cdb: tur }); // drain the power-on unit attention
    const n = 20_000;
    let t = performance.now();
    for (let i = 0; i < n; i++) await lib.device.execute(nexus, { cdb: tur });
    report('enterprise-10000: TEST UNIT READY through execute()', `${((n / (performance.now() - t)) * 1000).toFixed(0)} commands/s`);
    const allocation = 0xffffff;
    const res = buildReadElementStatusCdb({ volumeTag: true, elementType: 0, startingElementAddress: 0, numberOfElements: 0xffff, allocationLength: allocation });
    t = performance.now();
    const answer = await lib.device.execute(nexus, { cdb: res, dataInLength: allocation });
    const built = performance.now() - t;
    t = performance.now();
    const parsed = parseElementStatusData(answer.dataIn, { deviceId: false });
    const parseMs = performance.now() - t;
    const elements = parsed.pages.reduce((sum, p) => sum + p.descriptors.length, 0);
    report(`enterprise-10000: build whole-library RES answer (${elements} elements, ${answer.dataIn.length} bytes)`, `${built.toFixed(1)} ms`);
    report('enterprise-10000: parse that answer', `${parseMs.toFixed(1)} ms`);
  });
}

/**
 * MOVE MEDIUM cost per command in-process with durable saves, at 24 / 500 / 10,000 slots: each
 * move awaited until on disk (flush). "whole rewrite" adds what a save cost before the state
 * journal (encode the whole state, write, fsync, rename, fsync the directory) to the same move.
 */
async function moveCostBySize(n: number): Promise<void> {
  const { decodeState, encodeState } = await import('../src/emulator/stateFile.ts');
  const { writeFileAtomically } = await import('../src/emulator/persistence.ts');
  const { ElementMap } = await import('../src/emulator/elementMap.ts');
  const { readFile } = await import('node:fs/promises');
  for (const profile of ['library-24', 'library-500', 'enterprise-10000']) {
    await withLibrary(profile, async (lib) => {
      const nexus = { initiator: 'bench', lun: 0 };
      const [slot, drive, transport] = [lib.addresses('slot')[0] ?? 0, lib.addresses('drive')[0] ?? 0, lib.addresses('transport')[0] ?? 0];
      const cdbs = [buildMoveMediumCdb({ transportElementAddress: transport, sourceAddress: slot, destinationAddress: drive }), buildMoveMediumCdb({ transportElementAddress: transport, sourceAddress: drive, destinationAddress: slot })];
      await lib.device.execute(nexus, { cdb: Buffer.alloc(6) }); // drain the power-on unit attention
      // A state of the same size as the library's, for the save a whole rewrite did per change.
      const sameSize = decodeState(await readFile(lib.location, 'utf8'), lib.location, lib.profile, new ElementMap(lib.profile));
      const wholeFile = join(tmpdir(), `bench-whole-${process.pid}.json`);
      const perMove = async (whole: boolean): Promise<number> => {
        const t = performance.now();
        for (let i = 0; i < n; i++) {
          await lib.device.execute(nexus, { cdb: cdbs[i % 2] as Buffer });
          await lib.flush();
          if (whole) await writeFileAtomically(wholeFile, encodeState(lib.profile, sameSize));
        }
        return ((performance.now() - t) * 1000) / n;
      };
      const journal = await perMove(false);
      const rewrite = await perMove(true);
      await rm(wholeFile, { force: true });
      report(`MOVE MEDIUM + durable save, ${profile}: journal / whole rewrite`, `${journal.toFixed(0)} µs / ${rewrite.toFixed(0)} µs per move`);
    });
  }
}

process.stdout.write(`changer bench — node ${process.version}, ${new Date().toISOString()}, ${scheduling}\n\n`);
await movesPerSecond(Number(process.env.BENCH_MOVES ?? 2000));
await moveCostBySize(Number(process.env.BENCH_SAVED_MOVES ?? 300));
await enterpriseEmulator();
await enterpriseInventory();
benchCrc32c(report);
await benchIscsi(report);
await benchTape(report);
await benchScheduler(report);
await benchSchedulerManager(report);
await benchApi(report);
await benchInventory(report);
await benchWebMap(report);
await benchStartup(report);
