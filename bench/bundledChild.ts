// The bench's child processes (our targets, the API server, the load generator) run bundled
// JavaScript, as the installed package does (scripts/bundleBins.ts), not through tsx. Under tsx,
// Node 20 runs the TypeScript loader on a hooks thread of its own, and after answering a module
// request late in a process's life that thread polls for the next one with setImmediate for as long
// as anything keeps its event loop alive: in an iSCSI target serving an inventory pass it took
// 62–96 % of a core (per-thread CPU from /proc), on a machine with two, counted in the target's CPU
// per command and taken from the clients beside it. A bundle has no hooks thread: what the bench
// measures is the target, as a user runs it.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { NODE_BUNDLE } from '../scripts/bundleBins.ts';

const ROOT = join(import.meta.dirname, '..');
/** Inside the package, so the bundle's external packages resolve from its node_modules. */
const OUT_DIR = join(ROOT, 'node_modules', '.cache', 'changer-bench');

const built = new Map<string, Promise<string>>();

/** `entry` (a child's .ts file, absolute) bundled to one ES module; its path. Built once per bench run. */
export function bundledChild(entry: string): Promise<string> {
  let path = built.get(entry);
  if (path === undefined) {
    path = bundle(entry);
    built.set(entry, path);
  }
  return path;
}

async function bundle(entry: string): Promise<string> {
  await mkdir(OUT_DIR, { recursive: true });
  // Named by directory too: BENCH_API_SERVER_DIR may bring another checkout's child of the same name.
  const where = createHash('sha256').update(dirname(entry)).digest('hex').slice(0, 8);
  const outfile = join(OUT_DIR, `${basename(entry, '.ts')}-${where}.mjs`);
  // Not minified, unlike the bins: a profile of a bench child (BENCH_*_NODE_ARGS='--cpu-prof') names its functions.
  await build({ ...NODE_BUNDLE, absWorkingDir: ROOT, entryPoints: [entry], outfile, format: 'esm' });
  return outfile;
}
