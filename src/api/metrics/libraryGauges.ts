// The state of each library as gauges, read from the manager at scrape time (as an operator's
// dashboard wants it now, not as events counted since the start): slots full and empty, drives
// loaded, empty and cleaning, media by pool and state, open operator requests, and whether this
// manager holds the library's lease.
import { Gauge, type Registry } from 'prom-client';
import { OPEN_OPERATOR_REQUEST_STATES, type DriveState } from '../../rsm/catalog/index.ts';
import type { StorageService } from '../../rsm/service.ts';

/** A drive as a dashboard counts it: a cartridge in it, none, or a cleaner at work. */
function driveCondition(state: DriveState): 'loaded' | 'empty' | 'cleaning' {
  if (state === 'being-cleaned') return 'cleaning';
  return state === 'dismounted' ? 'empty' : 'loaded';
}

export function registerLibraryGauges(service: StorageService, registry: Registry): void {
  const registers = [registry];
  type Detail = Awaited<ReturnType<StorageService['library']>>;
  // One scrape collects several gauges from the same library details: they are read once per
  // scrape (shared until the scrape's turn of the event loop is over), not once per gauge.
  let scrape: Promise<Detail[]> | undefined;
  const details = (): Promise<Detail[]> => {
    scrape ??= (async () => {
      const libraries = await service.libraries().catch(() => []);
      return (await Promise.all(libraries.map((l) => service.library(l.name).catch(() => undefined)))).filter((d) => d !== undefined);
    })().finally(() => setImmediate(() => (scrape = undefined)));
    return scrape;
  };
  new Gauge({
    name: 'changer_slots',
    help: 'Storage slots by library and state (full, empty; not-present for a pulled magazine)',
    labelNames: ['library', 'state'],
    registers,
    async collect() {
      const libraries = await details();
      this.reset();
      for (const library of libraries) {
        // Both series always exist, so a library with no empty slot shows 0 rather than nothing.
        for (const state of ['full', 'empty']) this.set({ library: library.name, state }, 0);
        for (const slot of library.elements.filter((e) => e.type === 'slot')) this.inc({ library: library.name, state: slot.state });
      }
    },
  });
  new Gauge({
    name: 'changer_drives',
    help: 'Drives by library and state: loaded (a cartridge in it), empty, cleaning',
    labelNames: ['library', 'state'],
    registers,
    async collect() {
      const libraries = await details();
      this.reset();
      for (const library of libraries) {
        for (const state of ['loaded', 'empty', 'cleaning']) this.set({ library: library.name, state }, 0);
        for (const drive of library.drives) this.inc({ library: library.name, state: driveCondition(drive.state) });
      }
    },
  });
  new Gauge({
    name: 'changer_media',
    help: 'Media in the catalog by library, pool ("none" when in no pool) and state (idle, mounted, in-use, …)',
    labelNames: ['library', 'pool', 'state'],
    registers,
    async collect() {
      const media = await service.media({}).catch(() => []);
      this.reset();
      for (const m of media) this.inc({ library: m.libraryName, pool: m.poolName ?? 'none', state: m.state });
    },
  });
  new Gauge({
    name: 'changer_operator_requests_open',
    help: 'Operator requests submitted or acknowledged and not yet completed or refused, by library and kind',
    labelNames: ['library', 'kind'],
    registers,
    async collect() {
      const [libraries, open] = await Promise.all([service.libraries().catch(() => []), service.operatorRequests({ states: OPEN_OPERATOR_REQUEST_STATES }).catch(() => [])]);
      const names = new Map(libraries.map((l) => [l.id, l.name]));
      this.reset();
      for (const r of open) this.inc({ library: r.libraryId === null ? '' : (names.get(r.libraryId) ?? r.libraryId), kind: r.kind });
    },
  });
  new Gauge({
    name: 'changer_lease_owned',
    help: '1 while this manager holds the library (its lease, exclusive open and reservation), else 0',
    labelNames: ['library'],
    registers,
    async collect() {
      const libraries = await service.libraries().catch(() => []);
      this.reset();
      for (const library of libraries) this.set({ library: library.name }, library.ownedHere ? 1 : 0);
    },
  });
}
