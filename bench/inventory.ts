// Full inventory with on-media identification, on library-24's timings (virtual clock): the
// manager carries each cartridge without a barcode to a drive, reads its first record, and puts
// it back. Reported as library time per cartridge next to the reference's estimate for NTMS-style
// OMID inventory (exchange + label read ≈ 60–90 s per cartridge, library-managers.md §5), and the
// wall time the software itself took.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Manager, type RequestView } from '../src/rsm/index.ts';
import { embeddedLibrary, embeddedLibraryClock } from '../src/transport/embeddedLibraries.ts';

const UNLABELLED_ADDED = 4;
const OPERATOR = { token: 'bench-operator', role: 'operator' } as const;

async function done(manager: Manager, request: RequestView): Promise<RequestView> {
  const view = await manager.waitForRequest(request.id, 120_000);
  if (view.state !== 'completed') throw new Error(`${view.kind} request ${view.id} ended ${view.state}: ${JSON.stringify(view.history.at(-1))}`);
  return view;
}

export async function benchInventory(report: (name: string, value: string) => void): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-inventory-'));
  const deviceUrl = `virtual:${join(dir, 'library')}?profile=library-24&clock=virtual`;
  const manager = await Manager.start({ catalogUrl: join(dir, 'catalog.sqlite'), libraries: [{ name: 'lib', deviceUrl, clock: embeddedLibraryClock(deviceUrl) }], pollIntervalMs: 0 });
  try {
    const library = embeddedLibrary(deviceUrl);
    if (library === undefined) throw new Error('the embedded library is not open');
    const { frontPanel: panel, clock } = library;
    await done(manager, await manager.inject({ library: 'lib' }, OPERATOR));
    for (let i = 0; i < UNLABELLED_ADDED; i++) {
      await panel.openMailslot();
      panel.insertIntoMailslot(i % 2 === 0 ? { barcode: null, volumeLabel: `VOL${String(i).padStart(3, '0')}` } : { barcode: null });
      await panel.closeMailslot();
      await done(manager, await manager.inject({ library: 'lib' }, OPERATOR));
    }
    const cartridges = (await manager.media({ library: 'lib' })).filter((m) => m.barcode === null).length;
    const fastStart = clock.now();
    await done(manager, await manager.inventory({ library: 'lib', mode: 'fast' }, OPERATOR));
    const fastMs = clock.now() - fastStart;
    const started = clock.now();
    const wall = performance.now();
    await done(manager, await manager.inventory({ library: 'lib', mode: 'full' }, OPERATOR));
    const libraryMs = clock.now() - started;
    const wallMs = performance.now() - wall;
    const perCartridge = (libraryMs - fastMs) / cartridges / 1000;
    report(
      'full inventory, library-24, unlabelled cartridges read',
      `${cartridges} cartridges in ${(libraryMs / 1000).toFixed(0)} s library time (element rescan included; fast inventory ${(fastMs / 1000).toFixed(0)} s): ${perCartridge.toFixed(0)} s per cartridge vs 60–90 s estimated for OMID; ${(wallMs / cartridges).toFixed(0)} ms wall per cartridge`,
    );
  } finally {
    await manager.close();
    await rm(dir, { recursive: true, force: true });
  }
}
