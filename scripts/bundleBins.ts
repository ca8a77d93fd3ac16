// Why the bins are bundled: one `changer-mtx status` loaded ~270 module files through Node's ESM
// loader, about 150 ms of resolving and compiling before any work; backup software calls it many
// times a job (DESIGN §6). Each bin is one CommonJS file, so that its launcher can compile it with
// V8's code cache (src/cli/bundleLauncher.ts): after a command's first run its bytecode is read,
// not made again. Code the command does not run stays uncompiled: esbuild evaluates each module
// of the bundle on first use, and V8 compiles a function on its first call. Packages stay external:
// they are the package's dependencies, installed beside it, and two of them are native
// (better-sqlite3, koffi).
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * What every bundle of this package's code for Node shares (the bins; the bench's child processes).
 * No keepNames: esbuild keeps a name by calling Object.defineProperty on every function it makes,
 * each time it makes it, and a closure made per command (a lent tape record's release, a write's
 * callback) then paid a property redefinition that turned the function into a dictionary-mode
 * object — with four drives streaming, 7 % of the user-space time on the target's main thread.
 * Names stay readable without it because identifiers are not minified.
 */
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
} as const;

/** The bins, each bundled on its own: the module (in src/cli/) that starts it. */
const BINS = { changer: './changer.ts', 'changer-mtx': './changerMtx.ts' } as const;

/**
 * dist/<bin>.js, the launcher (an ES module, as the package is), and dist/<bin>.cjs, the bin's code.
 * `outDir`: dist/ unless a test builds elsewhere; inside the package, so external packages resolve.
 */
export async function bundleBins(root: string, outDir: string = join(root, 'dist')): Promise<void> {
  // Only this build's own outputs: dist/web is the web page's build (scripts/buildWeb.ts); chunks/ was the split build's.
  for (const output of ['changer.js', 'changer-mtx.js', 'changer.cjs', 'changer-mtx.cjs', 'chunks']) await rm(join(outDir, output), { recursive: true, force: true });
  const common = {
    ...NODE_BUNDLE,
    absWorkingDir: root,
    // Smaller files compile faster; identifiers stay as written, so stack traces and logged error
    // types name the package's classes and functions (see NODE_BUNDLE on keepNames).
    minifyWhitespace: true,
    minifySyntax: true,
  } as const;
  await Promise.all(Object.entries(BINS).flatMap(([bin, module]) => [
    build({
      ...common,
      stdin: { contents: `import ${JSON.stringify(module)};\n`, resolveDir: join(root, 'src', 'cli'), sourcefile: `${bin}-main.ts`, loader: 'ts' },
      outfile: join(outDir, `${bin}.cjs`),
      format: 'cjs',
      // The bundle's modules ask where they run from (the web UI's files, a checkout's .git): the bundle's own file.
      define: { 'import.meta.url': '__bundleUrl' },
      banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    }),
    build({
      ...common,
      stdin: { contents: `import { runBundle } from './bundleLauncher.ts';\nrunBundle(${JSON.stringify(bin)}, import.meta.url);\n`, resolveDir: join(root, 'src', 'cli'), sourcefile: `${bin}.ts`, loader: 'ts' },
      outfile: join(outDir, `${bin}.js`),
      format: 'esm',
    }),
  ]));
}
