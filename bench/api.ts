// API latency at 200 concurrent clients (issue 6, done-when): a manager over the embedded
// 24-slot library (virtual clock) and a SQLite catalog, served on 127.0.0.1:0, and 200 clients
// that each send requests back to back over keep-alive connections (global fetch). Clients and
// server share this process and its cores, so the figures are a floor, not a capacity.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildApiServer, embeddedLibrariesOf, FileTokenStore } from '../src/api/index.ts';
import { Manager } from '../src/rsm/index.ts';

const CLIENTS = 200;
const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 3);

interface Load {
  readonly name: string;
  readonly paths: readonly string[];
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

/** CLIENTS loops, each sending the load's paths in turn until the time is up. */
async function run(url: string, token: string, load: Load, seconds: number): Promise<{ latencies: number[]; errors: number; elapsed: number }> {
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  const client = async (n: number): Promise<void> => {
    for (let i = n; performance.now() < end; i++) {
      const path = load.paths[i % load.paths.length] as string;
      const t = performance.now();
      const response = await fetch(url + path, { headers });
      await response.arrayBuffer();
      latencies.push(performance.now() - t);
      if (response.status !== 200) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
  return { latencies, errors, elapsed: (performance.now() - start) / 1000 };
}

export async function benchApi(report: (name: string, value: string) => void): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-api-'));
  const manager = await Manager.start({
    catalogUrl: join(dir, 'catalog.sqlite'),
    libraries: [{ name: 'lib', deviceUrl: `virtual:${join(dir, 'library')}?profile=library-24&clock=virtual` }],
    pollIntervalMs: 0,
  });
  const tokens = await FileTokenStore.open(null);
  const { token } = await tokens.create('bench', 'reader');
  const server = buildApiServer({ service: manager, tokens, embedded: embeddedLibrariesOf(manager) });
  try {
    const url = await server.listen({ host: '127.0.0.1', port: 0 });
    const media = (await (await fetch(`${url}/v1/media`, { headers: { authorization: `Bearer ${token}` } })).json()) as unknown[];
    const loads: Load[] = [
      // The server alone (routing, auth, serialization, logging hooks): the ceiling the others sit under.
      { name: 'GET /healthz (no manager call)', paths: ['/healthz'] },
      { name: 'GET /v1/libraries/{library}', paths: ['/v1/libraries/lib'] },
      { name: `GET /v1/media (${media.length} media)`, paths: ['/v1/media'] },
      {
        name: 'mixed reads (libraries, library, media, medium, requests, pools)',
        paths: ['/v1/libraries', '/v1/libraries/lib', '/v1/media', '/v1/libraries/lib/media/A00001L8', '/v1/media?barcode=A00002L8', '/v1/requests?limit=50', '/v1/pools', '/v1/operator-requests'],
      },
    ];
    // Warm up every route (JIT, the keep-alive pool of 200 connections, statement caches).
    await run(url, token, { name: 'warm-up', paths: loads.flatMap((l) => l.paths) }, 1);
    for (const load of loads) {
      const { latencies, errors, elapsed } = await run(url, token, load, SECONDS);
      const sorted = latencies.sort((a, b) => a - b);
      const rate = latencies.length / elapsed;
      report(
        `API ${CLIENTS} clients: ${load.name}`,
        `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, ${rate.toFixed(0)} req/s${errors > 0 ? `, ${errors} non-200` : ''}`,
      );
    }
  } finally {
    await server.close();
    await manager.close();
    await rm(dir, { recursive: true, force: true });
  }
}
