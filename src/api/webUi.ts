// The operator's web page (issue 15), served by the manager on the API's origin: `/` answers the
// page, `/ui/*` its script and stylesheet, which the build names by content hash (so they are
// cached for a year and a new build is a new URL) while the page itself is revalidated each time.
// The bundle is built from src/web by `npm run build:web` (run by `prepare`, so by `npm install`);
// without it `/` says how to build it rather than a 404.
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_ASSET_PREFIX = '/ui/';

/**
 * CHANGER_WEB_ROOT when set (a build of one's own: a test's, or a development build elsewhere);
 * else dist/web of this checkout or installed package: searched upwards from this module, which
 * runs from src/api in a checkout and from a bundle chunk under dist/ when installed; a
 * checkout's dist/web when none is built yet (so a build while the manager runs is served on reload).
 */
export function defaultWebRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHANGER_WEB_ROOT !== undefined && env.CHANGER_WEB_ROOT !== '') return env.CHANGER_WEB_ROOT;
  const here = dirname(fileURLToPath(import.meta.url));
  let dir = here;
  for (let level = 0; level < 5; level++) {
    const candidate = join(dir, 'dist', 'web');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return join(here, '..', '..', 'dist', 'web');
}

const NOT_BUILT =
  'The web UI is not built.\n\n' +
  'Build it with `npm run build:web` in the checkout (`npm install` runs it too), then reload this page.\n' +
  'The API itself is up: /docs describes it.\n';

export async function registerWebUi(app: FastifyInstance, root: string = defaultWebRoot()): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    let page: Buffer;
    try {
      page = await readFile(join(root, 'index.html'));
    } catch {
      return reply.code(503).type('text/plain; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT);
    }
    // no-cache: the page names the current bundle's hashed files, so it is revalidated each time.
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
  });
  await app.register(fastifyStatic, {
    root,
    prefix: WEB_ASSET_PREFIX,
    decorateReply: false,
    index: false,
    schemaHide: true,
    // Hashed names: a changed file is a new URL, so a browser may keep the old one for good.
    cacheControl: true,
    immutable: true,
    maxAge: '365d',
  });
}
