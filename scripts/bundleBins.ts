// Why the bins are bundled: one `changer-mtx status` loaded ~270 module files through Node's ESM
// loader, about 150 ms of resolving and compiling before any work; backup software calls it many times a job
// (DESIGN §6). Code splitting keeps each `await import()` a chunk of its own, so a command still
// loads only what it runs (the manager's server, the catalog and the iSCSI initiator stay unread
// for a status on the embedded library). Packages stay external: they are the package's
// dependencies, installed beside it, and two of them are native (better-sqlite3, koffi).
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The bins, each bundled on its own, so a changer-mtx run is not cut into chunks that only sharing with changer would need. */
const BINS = { changer: 'src/cli/changer.ts', 'changer-mtx': 'src/cli/changerMtx.ts' } as const;

/** dist/changer.js and dist/changer-mtx.js, with the chunks each loads on demand in dist/chunks/<bin>/. */
export async function bundleBins(root: string): Promise<void> {
  const dist = join(root, 'dist');
  // Only this build's own outputs: dist/web is the web page's build (scripts/buildWeb.ts).
  for (const output of ['changer.js', 'changer-mtx.js', 'chunks']) await rm(join(dist, output), { recursive: true, force: true });
  await Promise.all(Object.entries(BINS).map(([bin, entry]) => build({
    absWorkingDir: root,
    entryPoints: { [bin]: entry },
    outdir: dist,
    chunkNames: `chunks/${bin}/[name]-[hash]`,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // Smaller files compile faster; keepNames so class and function names in errors stay readable.
    minify: true,
    keepNames: true,
    logLevel: 'warning',
  })));
}
