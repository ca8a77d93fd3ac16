// Start-up of the installed commands (DESIGN §6: `changer-mtx status` on the embedded library within
// 2× Node's own start-up, since backup software calls it many times a job). The bins are bundled
// first, as `npm run build` does, and run as installed: `node dist/changer-mtx.js`, not through tsx.
// Runs alternate between the commands so all see the same load on a shared machine. The code cache
// (src/cli/bundleLauncher.ts) is kept in a scratch directory: the first run writes it, as a user's
// first run does, and the same status without it (NODE_DISABLE_COMPILE_CACHE=1) is printed beside.
// Before the cache, with the bins split into ES module chunks: 2.08–2.26× node.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { bundleBins } from '../scripts/bundleBins.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = 20;

function elapsedMs(args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', env });
  const ms = performance.now() - start;
  if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${String(run.status)}: ${run.stderr}`);
  return ms;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export async function benchStartup(report: (name: string, value: string) => void): Promise<void> {
  await bundleBins(ROOT);
  const dir = await mkdtemp(join(tmpdir(), 'bench-startup-'));
  try {
    const bin = join(ROOT, 'dist', 'changer-mtx.js');
    const library = `virtual:${join(dir, 'library')}`;
    const cached: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: join(dir, 'cache') };
    delete cached.NODE_DISABLE_COMPILE_CACHE;
    const uncached = { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' };
    const first = elapsedMs([bin, '-f', `${library}?profile=library-24`, 'status'], cached); // creates the library, writes the cache
    const node: number[] = [];
    const status: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      node.push(elapsedMs(['-e', '0']));
      status.push(elapsedMs([bin, '-f', library, 'status'], cached));
      without.push(elapsedMs([bin, '-f', library, 'status'], uncached));
    }
    const [floor, mtx, cold] = [median(node), median(status), median(without)];
    report(`start-up: node -e 0 (median of ${RUNS})`, `${floor.toFixed(0)} ms`);
    report(`start-up: changer-mtx status, embedded library (median of ${RUNS})`, `${mtx.toFixed(0)} ms = ${(mtx / floor).toFixed(2)}× node (goal ≤ 2×), from the code cache its first run wrote (that run, which also created the library: ${first.toFixed(0)} ms)`);
    report(`start-up: changer-mtx status without the code cache (NODE_DISABLE_COMPILE_CACHE=1, median of ${RUNS})`, `${cold.toFixed(0)} ms = ${(cold / floor).toFixed(2)}× node`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
