// The API's frame, through real HTTP: health, the OpenAPI document, authentication and roles,
// problem+json for every error (validation, unknown routes, the manager's refusals), tokens.
import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { LIBRARY, onSqlite, type ApiFixture } from './apiHarness.ts';
import type { Answer } from './apiClient.ts';

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  errors?: { in: string; field: string; message: string }[];
}

function assertProblem(answer: Answer, status: number, code: string): Problem {
  assert.equal(answer.status, status, answer.text);
  assert.match(answer.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const problem = answer.body as Problem;
  assert.equal(problem.status, status);
  assert.equal(problem.code, code);
  assert.equal(problem.type, `urn:changer:problem:${code.toLowerCase().replaceAll('_', '-')}`);
  assert.equal(typeof problem.title, 'string');
  assert.equal(typeof problem.detail, 'string');
  return problem;
}

/** The route table of docs/api.md: every one must be in the OpenAPI document. */
const ROUTES: readonly [string, string][] = [
  ['get', '/healthz'], ['get', '/metrics'],
  ['get', '/v1/libraries'], ['get', '/v1/libraries/{library}'],
  ['post', '/v1/libraries/{library}/inventory'], ['post', '/v1/libraries/{library}/inject'], ['post', '/v1/libraries/{library}/eject'],
  ['post', '/v1/libraries/{library}/clean'], ['post', '/v1/libraries/{library}/moves'], ['post', '/v1/libraries/{library}/mailslot/close'],
  ['get', '/v1/libraries/{library}/front-panel'],
  ...['open-door', 'close-door', 'insert-mailslot', 'take-mailslot', 'insert-door', 'remove-door', 'pull-magazine', 'insert-magazine', 'put-magazine', 'take-magazine', 'eject-drive', 'soil-drive', 'power-cycle']
    .map((action): [string, string] => ['post', `/v1/libraries/{library}/front-panel/${action}`]),
  ['get', '/v1/media'], ['get', '/v1/libraries/{library}/media/{barcode}'],
  ['post', '/v1/mounts'], ['post', '/v1/dismounts'],
  ['get', '/v1/requests'], ['get', '/v1/requests/{id}'], ['post', '/v1/requests/{id}/cancel'],
  ['get', '/v1/pools'], ['post', '/v1/pools'],
  ['get', '/v1/operator-requests'], ['post', '/v1/operator-requests/{id}/acknowledge'], ['post', '/v1/operator-requests/{id}/refuse'], ['post', '/v1/operator-requests/{id}/complete'],
  ['get', '/v1/events'],
  ['get', '/v1/tokens'], ['post', '/v1/tokens'], ['delete', '/v1/tokens/{id}'], ['get', '/v1/session'],
  // The operations half of the NTMS contract (operations.test.ts).
  ['post', '/v1/operator-requests'], ['post', '/v1/libraries/{library}/drives/{drive}/needs-cleaning'],
  ['get', '/v1/libraries/{library}/queue'], ['post', '/v1/requests/{id}/order'], ['delete', '/v1/requests'],
  ['post', '/v1/libraries/{library}/audit'],
  ...['/v1/libraries/{library}', '/v1/libraries/{library}/drives/{drive}', '/v1/libraries/{library}/media/{barcode}'].flatMap((object): [string, string][] => [
    ['post', `${object}/disable`], ['post', `${object}/enable`], ['get', `${object}/settings`], ['patch', object],
  ]),
  // The media services of the NTMS contract (mediaLifecycle.test.ts).
  ['post', '/v1/allocations'], ['delete', '/v1/pools/{pool}'], ['patch', '/v1/pools/{pool}'], ['post', '/v1/libraries/{library}/media-swaps'], ['delete', '/v1/libraries/{library}/media/{barcode}'],
  ...['deallocate', 'complete', 'decommission', 'pool'].map((action): [string, string] => ['post', `/v1/libraries/{library}/media/{barcode}/${action}`]),
];

onSqlite('API basics', (h) => {
  let api: ApiFixture;
  test('start', async () => {
    api = await h.start();
  });

  test('GET /healthz answers without a token', async () => {
    const health = await api.anonymous.get('/healthz');
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { status: 'ok' });
  });

  test('/openapi.json is an OpenAPI 3.1 document listing every route with its schemas; /docs serves Swagger UI', async () => {
    const answer = await api.anonymous.get<{ openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>>; components: { securitySchemes: Record<string, { scheme: string }> } }>('/openapi.json');
    assert.equal(answer.status, 200);
    const doc = answer.body;
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.components.securitySchemes.bearer?.scheme, 'bearer');
    const listed = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`)).sort();
    assert.deepEqual(listed, ROUTES.map(([m, p]) => `${m} ${p}`).sort());
    for (const [method, path] of ROUTES) {
      const operation = doc.paths[path]?.[method];
      assert.ok(operation !== undefined && Object.keys(operation.responses).some((s) => s.startsWith('2')), `${method} ${path} documents its answer`);
    }
    assert.deepEqual(doc.paths['/healthz']?.get?.security, []);
    const mounts = doc.paths['/v1/mounts']?.post as unknown as { requestBody: { content: Record<string, { schema: { required: string[] } }> } };
    assert.deepEqual(mounts.requestBody.content['application/json']?.schema.required, ['library']);
    const docs = await fetch(`${api.url}/docs`, { redirect: 'follow' });
    assert.equal(docs.status, 200);
    assert.match(await docs.text(), /swagger/i);
  });

  test('no token, a malformed header or an unknown token: 401 problem with WWW-Authenticate', async () => {
    const none = await api.anonymous.get('/v1/libraries');
    const problem = assertProblem(none, 401, 'UNAUTHORIZED');
    assert.equal(problem.instance, '/v1/libraries');
    assert.equal(none.headers.get('www-authenticate'), 'Bearer realm="changer"');
    assertProblem(await api.anonymous.get('/v1/libraries', { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } }), 401, 'UNAUTHORIZED');
    assertProblem(await api.anonymous.withToken('chg_not-a-token').get('/v1/libraries'), 401, 'UNAUTHORIZED');
    // The event stream and metrics are protected too.
    assertProblem(await api.anonymous.get('/v1/events'), 401, 'UNAUTHORIZED');
    assertProblem(await api.anonymous.get('/metrics'), 401, 'UNAUTHORIZED');
  });

  test('a role too low: 403 ACCESS_DENIED naming the role needed', async () => {
    const mount = await api.reader.post('/v1/mounts', { library: LIBRARY, barcode: 'A00001L8' });
    assert.match(assertProblem(mount, 403, 'ACCESS_DENIED').detail, /needs the application role; token "reader" has reader/);
    assertProblem(await api.backup.post(`/v1/libraries/${LIBRARY}/inventory`, {}), 403, 'ACCESS_DENIED');
    assertProblem(await api.backup.post(`/v1/libraries/${LIBRARY}/front-panel/power-cycle`, {}), 403, 'ACCESS_DENIED');
    assertProblem(await api.operator.get('/v1/tokens'), 403, 'ACCESS_DENIED');
    assertProblem(await api.reader.post('/v1/pools', { name: 'p', mediaType: 'LTO-8' }), 403, 'ACCESS_DENIED');
    // Each role can read.
    for (const client of [api.reader, api.backup, api.operator, api.admin]) assert.equal((await client.get('/v1/libraries')).status, 200);
  });

  test('validation errors: 400 INVALID_PARAMETER naming each failing field', async () => {
    const typed = assertProblem(await api.backup.post('/v1/mounts', { library: LIBRARY, drive: '1', colour: 'red' }), 400, 'INVALID_PARAMETER');
    assert.deepEqual(typed.errors, [
      { in: 'body', field: '/colour', message: 'is not a known field' },
      { in: 'body', field: '/drive', message: 'must be integer' },
    ]);
    assert.equal(typed.detail, 'body/colour is not a known field; body/drive must be integer');
    const missing = assertProblem(await api.backup.post('/v1/mounts', { barcode: 'A00001L8' }), 400, 'INVALID_PARAMETER');
    assert.deepEqual(missing.errors, [{ in: 'body', field: '/library', message: 'is required' }]);
    const priority = assertProblem(await api.backup.post('/v1/mounts', { library: LIBRARY, barcode: 'A00001L8', priority: 16 }), 400, 'INVALID_PARAMETER');
    assert.equal(priority.errors?.[0]?.field, '/priority');
    const neither = assertProblem(await api.backup.post('/v1/mounts', { library: LIBRARY }), 400, 'INVALID_PARAMETER');
    assert.match(neither.detail, /barcode.*pool/);
    const query = assertProblem(await api.reader.get('/v1/media?limit=many'), 400, 'INVALID_PARAMETER');
    assert.deepEqual(query.errors, [{ in: 'querystring', field: '/limit', message: 'must be integer' }]);
    const states = assertProblem(await api.reader.get('/v1/requests?state=queued,lost'), 400, 'INVALID_PARAMETER');
    assert.equal(states.errors?.[0]?.field, '/state');
    assertProblem(await api.reader.get('/v1/media?shelf=3'), 400, 'INVALID_PARAMETER');
    assertProblem(await api.reader.get('/v1/requests/zero'), 400, 'INVALID_PARAMETER');
    const json = assertProblem(await api.backup.call('POST', '/v1/mounts', { raw: '{"library": "lib",' }), 400, 'INVALID_PARAMETER');
    assert.match(json.detail, /not valid JSON/);
    assertProblem(await api.backup.call('POST', '/v1/mounts', { raw: 'library=lib', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    assertProblem(await api.backup.call('POST', '/v1/mounts', { raw: JSON.stringify({ library: 'x'.repeat(2_000_000) }) }), 413, 'PAYLOAD_TOO_LARGE');
  });

  test('unknown routes and unknown things: 404 problems', async () => {
    assert.match(assertProblem(await api.reader.get('/v1/tapes'), 404, 'ROUTE_NOT_FOUND').detail, /no route GET \/v1\/tapes/);
    assertProblem(await api.anonymous.get('/v2/libraries'), 404, 'ROUTE_NOT_FOUND');
    assertProblem(await api.reader.get('/v1/libraries/attic'), 404, 'NOT_FOUND');
    assertProblem(await api.reader.get(`/v1/libraries/${LIBRARY}/media/ZZZ999L8`), 404, 'NOT_FOUND');
    assertProblem(await api.reader.get('/v1/requests/424242'), 404, 'NOT_FOUND');
    assertProblem(await api.operator.post('/v1/operator-requests/424242/acknowledge'), 404, 'NOT_FOUND');
    assertProblem(await api.backup.post('/v1/mounts', { library: 'attic', barcode: 'A00001L8' }), 404, 'NOT_FOUND');
  });

  test('tokens: created with the secret shown once, stored as SHA-256 in a 0600 file, usable, revocable', async () => {
    const created = await api.admin.post<{ id: string; name: string; role: string; token: string; createdAt: number }>('/v1/tokens', { name: 'nightly-backup', role: 'application' });
    assert.equal(created.status, 201);
    assert.equal(created.body.name, 'nightly-backup');
    assert.equal(created.body.role, 'application');
    assert.match(created.body.token, /^chg_[A-Za-z0-9_-]{43}$/);
    const listed = await api.admin.get<{ id: string; name: string; role: string }[]>('/v1/tokens');
    assert.deepEqual(listed.body.map((t) => `${t.name}:${t.role}`), ['admin:admin', 'operator:operator', 'backup:application', 'restore:application', 'reader:reader', 'nightly-backup:application']);
    assert.ok(!listed.text.includes(created.body.token));
    const nightly = api.anonymous.withToken(created.body.token);
    assert.equal((await nightly.get('/v1/libraries')).status, 200);
    assertProblem(await api.admin.post('/v1/tokens', { name: 'nightly-backup', role: 'reader' }), 409, 'INVALID_STATE');
    assertProblem(await api.admin.post('/v1/tokens', { name: 'x', role: 'root' }), 400, 'INVALID_PARAMETER');
    assertProblem(await api.admin.post('/v1/tokens', { name: '../etc', role: 'reader' }), 400, 'INVALID_PARAMETER');
    const revoked = await api.admin.delete<{ id: string }>(`/v1/tokens/${created.body.id}`);
    assert.equal(revoked.status, 200);
    assert.equal(revoked.body.id, created.body.id);
    assertProblem(await nightly.get('/v1/libraries'), 401, 'UNAUTHORIZED');
    assertProblem(await api.admin.delete('/v1/tokens/tok_000000000000'), 404, 'NOT_FOUND');
    const admin = listed.body.find((t) => t.name === 'admin');
    assert.match(assertProblem(await api.admin.delete(`/v1/tokens/${admin?.id ?? ''}`), 409, 'INVALID_STATE').detail, /last admin token/);
  });

  test('the token file holds hashes only, readable by its owner only', async () => {
    const created = await api.admin.post<{ token: string }>('/v1/tokens', { name: 'file-check', role: 'reader' });
    const files = (await import('node:fs/promises')).readdir;
    const dir = join(api.libraryDir, '..');
    const tokenFile = (await files(dir)).filter((f) => f.startsWith('tokens-')).map((f) => join(dir, f)).at(-1) ?? '';
    const text = await readFile(tokenFile, 'utf8');
    assert.ok(!text.includes(created.body.token));
    assert.match(text, /"sha256": "[0-9a-f]{64}"/);
    assert.equal((await stat(tokenFile)).mode & 0o777, 0o600);
  });

  test('POSTs without parameters accept no body, an empty body and {}', async () => {
    const mount = await api.backup.post<{ id: number }>('/v1/mounts', { library: LIBRARY, barcode: 'A00002L8', timeoutMs: 600_000 });
    assert.equal(mount.status, 202);
    assert.equal(mount.headers.get('location'), `/v1/requests/${mount.body.id}`);
    const bare = await api.backup.call('POST', `/v1/requests/${mount.body.id}/cancel`);
    const empty = await api.backup.call('POST', `/v1/requests/${mount.body.id}/cancel`, { raw: '' });
    for (const answer of [bare, empty]) assert.ok([200, 202, 409].includes(answer.status), answer.text);
    assertProblem(await api.backup.post(`/v1/requests/${mount.body.id}/cancel`, { now: true }), 400, 'INVALID_PARAMETER');
  });
});
