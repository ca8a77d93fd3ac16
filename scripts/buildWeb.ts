// `npm run build:web` (run by `prepare` after the bins' build): the operator's web page from
// src/web as one script and one stylesheet in dist/web, named by content hash, plus the
// index.html that names them. Preact is bundled in; nothing is fetched at run time. The gzipped
// size is printed and held under the budget, so a heavy import fails the build, not a user.
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WEB_DIST = join(ROOT, 'dist', 'web');
/** Issue 15: the shipped bundle stays under 150 KB gzipped. */
export const GZIP_BUDGET_BYTES = 150 * 1024;

export interface WebBuild {
  readonly script: string;
  readonly stylesheet: string;
  readonly gzipBytes: number;
}

export async function buildWeb(outdir: string = WEB_DIST): Promise<WebBuild> {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { app: 'src/web/main.tsx' },
    outdir,
    entryNames: '[name]-[hash]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: 'src/web/tsconfig.json',
    minify: true,
    sourcemap: false,
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs);
  const script = outputs.find((file) => file.endsWith('.js'));
  const stylesheet = outputs.find((file) => file.endsWith('.css'));
  if (script === undefined || stylesheet === undefined) throw new Error(`the web build made no script or stylesheet: ${outputs.join(', ')}`);
  const template = await readFile(join(ROOT, 'src', 'web', 'index.html'), 'utf8');
  const page = template.replace('%SCRIPT%', `/ui/${basename(script)}`).replace('%STYLESHEET%', `/ui/${basename(stylesheet)}`);
  await writeFile(join(outdir, 'index.html'), page);
  let gzipBytes = 0;
  for (const file of [script, stylesheet]) gzipBytes += gzipSync(await readFile(join(ROOT, file)), { level: 9 }).length;
  gzipBytes += gzipSync(page, { level: 9 }).length;
  return { script: basename(script), stylesheet: basename(stylesheet), gzipBytes };
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const built = await buildWeb();
  const kb = (built.gzipBytes / 1024).toFixed(1);
  if (built.gzipBytes > GZIP_BUDGET_BYTES) {
    console.error(`web UI: ${kb} KB gzipped is over the ${GZIP_BUDGET_BYTES / 1024} KB budget; see what grew with esbuild's --analyze`);
    process.exit(1);
  }
  console.log(`web UI: dist/web (${built.script}, ${built.stylesheet}), ${kb} KB gzipped`);
}
