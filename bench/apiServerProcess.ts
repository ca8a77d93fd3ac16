// Child process of the API bench: a manager over one virtual library (virtual clock, so mounts
// cost software time only) and its catalog, served on 127.0.0.1:0 as `npm start` serves it, with
// one log line per request going to a file. A process of its own so the load generator does not
// share its thread, and so `node --cpu-prof` (BENCH_API_PROFILE=<dir>) profiles the server alone.
// argv: <profile> <catalog URL or ''> <media wanted>. The profile's cartridges are inventoried at
// start; media short of <media wanted> are catalogued as ejected (a vault's shelf), so a catalog
// of exactly that size is listed. Prints {"url", "reader", "application", "operator", "media"} on one line.
// Over IPC: 'lag-start' resets the event-loop delay histogram, 'lag' answers its p99 and max (ms).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pino } from 'pino';
import { embeddedLibrary } from '../src/transport/embeddedLibraries.ts';
import { buildApiServer, embeddedLibrariesOf, FileTokenStore } from '../src/api/index.ts';
import { Catalog } from '../src/rsm/catalog/index.ts';
import { Manager } from '../src/rsm/index.ts';

const [profile = 'enterprise-10000', catalogArg = '', wantedArg = '10000'] = process.argv.slice(2);
const wanted = Number(wantedArg);
const dir = await mkdtemp(join(tmpdir(), 'bench-api-'));
const catalogUrl = catalogArg !== '' ? catalogArg : join(dir, 'catalog.sqlite');
const manager = await Manager.start({
  catalogUrl,
  libraries: [{ name: 'lib', deviceUrl: `virtual:${join(dir, 'library')}?profile=${profile}&clock=virtual` }],
  pollIntervalMs: 0,
});
const media = await topUp(catalogUrl, wanted);
const tokens = await FileTokenStore.open(null);
const reader = (await tokens.create('bench-reader', 'reader')).token;
const application = (await tokens.create('bench-application', 'application')).token;
const operator = (await tokens.create('bench-operator', 'operator')).token;
const logger = pino({ level: 'info' }, pino.destination({ dest: join(dir, 'api.log'), sync: false }));
const server = buildApiServer({ service: manager, tokens, embedded: embeddedLibrariesOf(manager, (url) => embeddedLibrary(url)?.frontPanel), logger });
const url = await server.listen({ host: '127.0.0.1', port: 0 });

const lag = monitorEventLoopDelay({ resolution: 1 });
lag.enable();
process.on('message', (message) => {
  if (message === 'lag-start') lag.reset();
  else if (message === 'lag') process.send?.({ p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 });
});
process.stdout.write(JSON.stringify({ url, reader, application, operator, media }) + '\n');
process.once('SIGTERM', () => {
  lag.disable();
  process.removeAllListeners('message');
  void server
    .close()
    .then(() => manager.close())
    .then(() => rm(dir, { recursive: true, force: true }))
    // Queued mounts and the log's writer would keep the loop alive; exiting also writes --cpu-prof's profile.
    .then(() => process.exit(0));
});

/** Catalogue ejected media until the catalog holds `wanted`; returns how many it holds. */
async function topUp(url: string, count: number): Promise<number> {
  const catalog = await Catalog.open(url);
  try {
    const library = (await catalog.libraries.list())[0];
    if (library === undefined) throw new Error('the manager catalogued no library');
    const have = (await catalog.media.list()).length;
    for (let n = have; n < count; n++) {
      await catalog.media.add({ libraryId: library.id, barcode: `V${String(n).padStart(5, '0')}L9`, location: { type: 'outside' } });
    }
    return Math.max(have, count);
  } finally {
    await catalog.close();
  }
}
