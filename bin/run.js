// Shared by the bin scripts: run the compiled entry point from dist/ (built by `npm run build`,
// which `prepare` runs at install); from a checkout that was never built, run the TypeScript
// source through tsx instead, so the commands work either way.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

export async function run(entry) {
  const root = dirname(dirname(fileURLToPath(import.meta.url)));
  const compiled = join(root, 'dist', 'src', 'cli', `${entry}.js`);
  if (existsSync(compiled)) {
    await import(pathToFileURL(compiled).href);
    return;
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'cli', `${entry}.ts`)).href);
}
