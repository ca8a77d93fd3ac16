// Shared by the bin scripts. Installed (no src/ in the package), they run the bundle that
// `npm run build` wrote to dist/. In a checkout with its dev dependencies they run the TypeScript
// source through tsx, so a command never runs a stale build of code changed since; the bundle is
// still there to run directly (node dist/changer-mtx.js), which is what `npm run bench` measures.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

async function tsxRegister() {
  try {
    return (await import('tsx/esm/api')).register;
  } catch (e) {
    if (e?.code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}

export async function run(entry) {
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const source = join(root, 'src', 'cli', `${entry === 'changer-mtx' ? 'changerMtx' : entry}.ts`);
  const register = existsSync(source) ? await tsxRegister() : undefined;
  if (register !== undefined) {
    register();
    await import(pathToFileURL(source).href);
    return;
  }
  await import(pathToFileURL(join(root, 'dist', `${entry}.js`)).href);
}
