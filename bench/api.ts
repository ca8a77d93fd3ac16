// The API at enterprise scale (issue 17): a manager over the enterprise-10000 library (virtual
// clock) with a catalog of 10,000 media, in a process of its own (apiServerProcess.ts), loaded by
// httpLoad.ts's raw keep-alive connections from another (httpLoadProcess.ts). Each figure is printed beside its
// target, with the CPU share of the server and of the load generator, so a reader can see that
// the generator is not what sets the pace. Catalogs: BENCH_API_CATALOGS (default sqlite,postgres;
// PostgreSQL where Debian's server binaries are installed). BENCH_API_PROFILE=<dir> runs the
// server under `node --cpu-prof` and leaves its profile there. BENCH_API_SERVER_DIR=<checkout>/bench
// serves from another checkout (a worktree at an older commit) under the same load, for before/after.
//
// Where the time went (issue 17, profiled with BENCH_API_PROFILE before changing anything): a page
// of 100 spent most of its time in SQLite itself — every page sorted the whole catalog in a
// temporary B-tree (the order's last column, id, was in no index) and Kysely prepared each
// statement afresh — then in better-sqlite3 building row objects, GC, the view spread and the
// serializer; the full list the same, times 100. Now: one index walk, statements kept, rows read as
// arrays, and an answer's bytes kept while the catalog's change mark stands (api/routes/listingCache.ts).
// Second profile (commit 54d2bc3, same bench): a full list right after a change spent its time
// building and serializing 10 000 views and in GC (then 40 ms encoding the joined string); the
// pages' event-loop lag was 200 kept answers sent in one iteration (writev of 68 KB each, 30–55 ms);
// under the mount mix, pages read afresh (the mark moves with every commit) were 37 % of the CPU.
// Now: media, views and JSON bytes are kept per medium and only changed ones rebuilt
// (catalog/keptMedia.ts, manager/media/views.ts, api/routes/keptJson.ts), a listing is one
// statement with its sides and pool names, and answers are sent in 4 ms turns (api/loopSlices.ts).
// Third profile (commit bb217f2, PostgreSQL, with the catalog's statements timed and the server's
// active queries sampled): the pages' p99 was the whole-catalog mark moving at a lease renewal,
// when all 100 pages were read afresh at once (550 ms each); under the mount mix a mount read the
// catalog 19 times before its 202, each read waiting ~100–200 ms for one of the pool's 10
// connections, the mark queued behind them (80 ms median, 660 ms p99 a GET), and listing
// statements were most of PostgreSQL's CPU (3.4 active on average). Now: a media change mark kept
// by triggers that requests, leases and the audit leave alone (catalog migration 0007), asked on a
// connection of its own; 11 reads before a mount's 202; a PostgreSQL page walks its offset in the
// index alone and looks its media and sides up by key.
// Fourth profile (commit b87c542, PostgreSQL, pool waits and statements timed per phase): the pages'
// p99 was their cold start — the warm-up asks page 0 only, so the first 200 requests read 100 pages
// at once, each waiting up to 730 ms for one of the 10 connections; under the mount mix pages read
// afresh after each mount were 334 statements of 58 ms (a third of the pool's time) and the pool
// was full (waits 120 ms median, 430 ms p99; a mount waited 7 times before its 202). Now: pages
// asked while another is read are cut from one read of the whole list (api/routes/wholeListing.ts;
// 334 → 20 listing statements), connections go to the oldest operation first
// (rsm/catalog/oldestFirstPool.ts), a mount's independent reads go out together, identical reads
// asked meanwhile (a library's settings, drives, drive elements, requests) share one round trip
// (CatalogContext.sharedRows), a request and its audit entry are one statement, and the pool has
// 20 connections. Timing each mount's steps showed the mix's slowest requests: every connection's
// first POST comes at once (~200 mounts), and the last one's first reads waited 1.1 s for a
// connection; the server is now CPU-bound in the mix (idle 30 % → 5 %, writev of the pages 22 %)
// and a trivial statement takes one loop iteration (~5–8 ms), so that burst still ends at 0.8–1.0 s.
// Same session, alternating b87c542 / now, PostgreSQL (others' jobs running): pages 6303–7582 →
// 5606–7321 req/s, p99 105–186 → 59–80 ms; lag p99 36–53 → 17–20 ms; mix slowest 1741–2132 →
// 795–976 ms, p99 1497–1870 → 582–876 ms, 1052–1266 → 1628–1695 req/s.
// Before/after in one run: BENCH_API_SERVER_DIR=<a worktree at the older commit>/bench.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { postgresUnavailableReason, startPostgres } from '../test/helpers/postgres.ts';
import type { LoadName } from './apiLoads.ts';
import { spawnBenchChild } from './benchChild.ts';
import { bundledChild } from './bundledChild.ts';
import type { FullListOrder, FullListTimes } from './fullListTimes.ts';
import { percentile, type LoadResult } from './httpLoad.ts';
import type { GeneratorOrder, LoadOrder } from './httpLoadProcess.ts';
import { underDefaultScheduler } from './realtime.ts';

type Report = (name: string, value: string) => void;

const CONNECTIONS = 200;
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 5);
const MEDIA = Number(process.env.BENCH_API_MEDIA ?? 10_000);
const FULL_LISTS = 20;
const CATALOGS = (process.env.BENCH_API_CATALOGS ?? 'sqlite,postgres').split(',').filter(Boolean);
const CLOCK_TICKS = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux

/**
 * The same figures at commit 360e71c, before issue 17's API work, on this machine with the same
 * bench (7 Dec 2026, others' jobs running: noisy). Its 10 % mix never reached a POST: at ~100
 * req/s each connection made 3–4 requests in 5 s.
 */
const BEFORE: Record<string, { pageRate: number; pageP99: number; lagP99: number; fullMedian: number; fullMax: number; mixMax: number }> = {
  SQLite: { pageRate: 152, pageP99: 6257, lagP99: 391, fullMedian: 509, fullMax: 750, mixMax: 2164 },
  PostgreSQL: { pageRate: 48, pageP99: 5094, lagP99: 128, fullMedian: 1043, fullMax: 1427, mixMax: 3540 },
};

interface ApiServer {
  readonly url: string;
  readonly reader: string;
  readonly application: string;
  readonly operator: string;
  readonly media: number;
  cpuSeconds(): number;
  /** The server's event-loop delay since the last reset: p99 and max, ms. */
  lag(reset: boolean): Promise<{ p99: number; max: number }>;
  stop(): Promise<void>;
}

async function startServer(catalogUrl: string): Promise<ApiServer> {
  const profileDir = process.env.BENCH_API_PROFILE;
  const nodeArgs = profileDir !== undefined ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  // BENCH_API_SERVER_DIR: another checkout's bench/ (e.g. a `git worktree` at an older commit), to take its figures in the same run.
  const script = join(process.env.BENCH_API_SERVER_DIR ?? import.meta.dirname, 'apiServerProcess.ts');
  const server = spawnBenchChild(process.execPath, [...nodeArgs, await bundledChild(script), 'enterprise-10000', catalogUrl, String(MEDIA)], { ipc: true }, 'the API server process');
  const child = server.child;
  const first = await server.firstLine;
  const started = JSON.parse(first) as { url: string; reader: string; application: string; operator: string; media: number };
  return {
    ...started,
    cpuSeconds: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    },
    lag: (reset) =>
      new Promise((resolve) => {
        child.once('message', (answer) => {
          if (reset) child.send('lag-start');
          resolve(answer as { p99: number; max: number });
        });
        child.send('lag');
      }),
    stop: () => server.stop(10_000),
  };
}

function mark(ok: boolean): string {
  return ok ? 'met' : 'NOT met';
}

function statusesOf(result: LoadResult): string {
  return [...result.statuses].map(([status, n]) => `${n}×${status}`).join(' ');
}

/** The load generator's process (httpLoadProcess.ts): one load at a time. */
interface LoadGenerator {
  run(order: LoadOrder): Promise<LoadResult>;
  timeFullLists(order: FullListOrder): Promise<FullListTimes>;
  stop(): Promise<void>;
}

async function startLoadGenerator(): Promise<LoadGenerator> {
  const generator = spawnBenchChild(process.execPath, [await bundledChild(join(import.meta.dirname, 'httpLoadProcess.ts'))], { ipc: true }, 'the load generator');
  await generator.firstLine;
  const child = generator.child;
  const ask = <T>(order: GeneratorOrder): Promise<T> => new Promise((resolve, reject) => {
    child.once('message', (answer) => {
      if (typeof answer === 'object' && answer !== null && 'error' in answer) reject(new Error(`the load generator: ${String(answer.error)}`));
      else resolve(answer as T);
    });
    child.send(order);
  });
  return {
    run: (order) => ask({ kind: 'load', ...order }),
    timeFullLists: (order) => ask({ kind: 'full-lists', ...order }),
    stop: () => generator.stop(3000),
  };
}

/** One load at 200 connections, with the server's CPU and event-loop lag over the same window. */
async function measure(
  server: ApiServer,
  generator: LoadGenerator,
  load: LoadName,
  barcodes: readonly string[] = [],
): Promise<LoadResult & { rate: number; sorted: number[]; serverCpu: number; lagP99: number; lagMax: number }> {
  await server.lag(true);
  const cpu = server.cpuSeconds();
  const result = await generator.run({ url: server.url, connections: CONNECTIONS, seconds: SECONDS, load, barcodes, reader: server.reader, application: server.application });
  const serverCpu = (server.cpuSeconds() - cpu) / result.elapsedSeconds;
  const lag = await server.lag(false);
  const sorted = [...result.latencies].sort((a, b) => a - b);
  return { ...result, rate: result.latencies.length / result.elapsedSeconds, sorted, serverCpu, lagP99: lag.p99, lagMax: lag.max };
}

async function benchCatalog(report: Report, engine: string, catalogUrl: string): Promise<void> {
  const server = await startServer(catalogUrl);
  const generator = await startLoadGenerator();
  try {
    const get = (path: string) => fetch(server.url + path, { headers: { authorization: `Bearer ${server.reader}` } });
    const inSlots = (await (await get('/v1/media?location=slot&limit=200')).json()) as { barcode: string }[];
    const tag = `API ${engine}, ${server.media} media`;
    report(`${tag}: load generator`, `${CONNECTIONS} keep-alive connections, closed loop, ${SECONDS} s per figure, in a process of its own (bench/httpLoad.ts)`);

    await measure(server, generator, 'warm-up');
    const healthz = await measure(server, generator, 'healthz');
    report(`${tag}: GET /healthz (the server's ceiling)`, `${healthz.rate.toFixed(0)} req/s, p99 ${percentile(healthz.sorted, 99).toFixed(1)} ms`);

    const before = BEFORE[engine];
    const was = (figure: string): string => (before !== undefined ? `; before ${figure}` : '');
    const page = await measure(server, generator, 'pages');
    const pageP99 = percentile(page.sorted, 99);
    report(
      `${tag}: GET /v1/media?limit=100 (pages across the catalog)`,
      `${page.rate.toFixed(0)} req/s (target ≥ 5000: ${mark(page.rate >= 5000)}), p99 ${pageP99.toFixed(1)} ms (target ≤ 100: ${mark(pageP99 <= 100)})${page.statuses.size > 1 || !page.statuses.has(200) ? `, ${statusesOf(page)}` : ''}${was(`${before?.pageRate} req/s, p99 ${before?.pageP99} ms`)}`,
    );
    report(`${tag}: event-loop lag during that load`, `p99 ${page.lagP99.toFixed(1)} ms (target ≤ 20: ${mark(page.lagP99 <= 20)}), max ${page.lagMax.toFixed(1)} ms${was(`p99 ${before?.lagP99} ms`)}`);
    report(`${tag}: CPU during that load`, `server ${(page.serverCpu * 100).toFixed(0)} % of a core, load generator ${((page.clientCpuSeconds / page.elapsedSeconds) * 100).toFixed(0)} % (${((page.clientCpuSeconds / page.latencies.length) * 1e6).toFixed(0)} µs per request)`);

    const { afresh, again, bytes } = await generator.timeFullLists({ url: server.url, count: FULL_LISTS, barcode: inSlots[0]?.barcode ?? '', reader: server.reader, operator: server.operator });
    for (const [what, times] of [['after a change (read afresh)', afresh], ['nothing changed (kept answer)', again]] as const) {
      times.sort((a, b) => a - b);
      const slowest = times.at(-1) ?? Number.NaN;
      report(
        `${tag}: GET /v1/media, all (${(bytes / 1e6).toFixed(1)} MB), ${what}`,
        `median ${percentile(times, 50).toFixed(0)} ms, max ${slowest.toFixed(0)} ms of ${FULL_LISTS} (target ≤ 150: ${mark(slowest <= 150)})${was(`median ${before?.fullMedian} ms, max ${before?.fullMax} ms`)}`,
      );
    }

    const mix = await measure(server, generator, 'mix', inSlots.map((m) => m.barcode));
    const mixMax = mix.sorted.at(-1) ?? Number.NaN;
    report(
      `${tag}: 10 % mounts/dismounts among the pages`,
      `slowest ${mixMax.toFixed(0)} ms (target ≤ 1000: ${mark(mixMax <= 1000)}; ${[...mix.slowestByMethod].map(([method, { ms, sentAt }]) => `${method} ${ms.toFixed(0)} sent at ${sentAt.toFixed(1)} s`).join(', ')}), p99 ${percentile(mix.sorted, 99).toFixed(1)} ms, ${mix.rate.toFixed(0)} req/s, event-loop lag p99 ${mix.lagP99.toFixed(1)} ms; answers ${statusesOf(mix)}${was(`slowest ${before?.mixMax} ms`)}`,
    );
  } finally {
    await generator.stop();
    await server.stop();
  }
}

export async function benchApi(report: Report): Promise<void> {
  report('API scheduling', 'default scheduler for the server, the load generator and PostgreSQL, as the manager runs as a service (bench/realtime.ts underDefaultScheduler)');
  await underDefaultScheduler(() => benchEngines(report));
}

async function benchEngines(report: Report): Promise<void> {
  for (const engine of CATALOGS) {
    if (engine === 'sqlite') {
      await benchCatalog(report, 'SQLite', '');
      continue;
    }
    const unavailable = postgresUnavailableReason();
    if (unavailable !== undefined) {
      report('API PostgreSQL', `skipped: ${unavailable}`);
      continue;
    }
    const cluster = await startPostgres();
    try {
      await benchCatalog(report, 'PostgreSQL', await cluster.createDatabase());
    } finally {
      cluster.stop();
    }
  }
}

// `node --import tsx bench/api.ts` runs this figure alone (under chrt, as bench/run.ts does).
if (import.meta.filename === process.argv[1]) {
  await benchApi((name, value) => process.stdout.write(`${name.padEnd(58)} ${value}\n`));
}
