// The operator's page as the manager serves it (issue 15): `/` is the built page with the page's
// own Content-Security-Policy and no-cache, its hashed assets under /ui/ are cached for good, a
// checkout without the build says how to make it, and GET /v1/session tells the page its role.
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApiServer, FileTokenStore } from '../../../src/api/index.ts';
import { onSqlite, type ApiFixture } from './apiHarness.ts';

const UI_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const PAGE = '<!doctype html><title>Changer</title><script type="module" src="/ui/app-ABC123.js"></script>';
const SCRIPT = 'console.log("changer");';

onSqlite('the web UI', (h) => {
  let api: ApiFixture;
  let dir = '';
  const servers: FastifyInstance[] = [];
  async function serve(webRoot: string): Promise<string> {
    const tokens = await FileTokenStore.open(join(dir, `tokens-${servers.length}.json`));
    const server = buildApiServer({ service: api.manager, tokens, webRoot });
    servers.push(server);
    return server.listen({ host: '127.0.0.1', port: 0 });
  }
  before(async () => {
    api = await h.start();
    dir = await mkdtemp(join(tmpdir(), 'changer-web-'));
    await mkdir(join(dir, 'built'));
    await writeFile(join(dir, 'built', 'index.html'), PAGE);
    await writeFile(join(dir, 'built', 'app-ABC123.js'), SCRIPT);
    await mkdir(join(dir, 'unbuilt'));
  });
  after(async () => {
    for (const server of servers) await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('GET / answers the built page, revalidated each time, under a policy that runs only its own script', async () => {
    const url = await serve(join(dir, 'built'));
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    assert.equal(page.headers.get('content-security-policy'), UI_POLICY);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(await page.text(), PAGE);

    const script = await fetch(`${url}/ui/app-ABC123.js`);
    assert.equal(script.status, 200);
    assert.equal(script.headers.get('content-type'), 'application/javascript; charset=utf-8');
    assert.equal(script.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(script.headers.get('content-security-policy'), UI_POLICY);
    assert.equal(await script.text(), SCRIPT);

    const missing = await fetch(`${url}/ui/app-OLD.js`);
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('content-type'), 'application/problem+json; charset=utf-8');
  });

  test('without a build, GET / says how to make one (503, plain text), and the API still answers', async () => {
    const url = await serve(join(dir, 'unbuilt'));
    const page = await fetch(`${url}/`);
    assert.equal(page.status, 503);
    assert.equal(page.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(
      await page.text(),
      'The web UI is not built.\n\nBuild it with `npm run build:web` in the checkout (`npm install` runs it too), then reload this page.\nThe API itself is up: /docs describes it.\n',
    );
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
  });

  test("GET /v1/session: the token's name and role, never its secret; 401 without a token", async () => {
    const reader = await api.reader.get('/v1/session');
    assert.equal(reader.status, 200);
    assert.deepEqual(reader.body, { token: 'reader', role: 'reader', application: 'reader' });
    const operator = await api.operator.get('/v1/session');
    assert.deepEqual(operator.body, { token: 'operator', role: 'operator', application: 'operator' });
    const anonymous = await api.anonymous.get('/v1/session');
    assert.equal(anonymous.status, 401);
  });
});
