// Property: whatever arrives — malformed JSON, bodies of the wrong shape, unknown fields, garbage
// query strings and path segments, odd content types — the API answers 4xx problem+json, never
// a 5xx, and the catalog is exactly as it was.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LIBRARY, onSqlite, type ApiFixture } from './apiHarness.ts';

interface Route {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** `{}` marks a path parameter. */
  readonly path: string;
}

const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/v1/libraries' }, { method: 'GET', path: '/v1/libraries/{}' },
  { method: 'POST', path: '/v1/libraries/{}/inventory' }, { method: 'POST', path: '/v1/libraries/{}/inject' },
  { method: 'POST', path: '/v1/libraries/{}/eject' }, { method: 'POST', path: '/v1/libraries/{}/clean' }, { method: 'POST', path: '/v1/libraries/{}/moves' },
  { method: 'GET', path: '/v1/libraries/{}/front-panel' },
  ...['open-door', 'close-door', 'insert-mailslot', 'take-mailslot', 'insert-door', 'remove-door', 'pull-magazine', 'insert-magazine', 'put-magazine', 'take-magazine', 'eject-drive', 'power-cycle']
    .map((action): Route => ({ method: 'POST', path: `/v1/libraries/{}/front-panel/${action}` })),
  { method: 'GET', path: '/v1/media' }, { method: 'GET', path: '/v1/libraries/{}/media/{}' },
  { method: 'POST', path: '/v1/mounts' }, { method: 'POST', path: '/v1/dismounts' },
  { method: 'GET', path: '/v1/requests' }, { method: 'GET', path: '/v1/requests/{}' }, { method: 'POST', path: '/v1/requests/{}/cancel' },
  { method: 'GET', path: '/v1/pools' }, { method: 'POST', path: '/v1/pools' },
  { method: 'GET', path: '/v1/operator-requests' },
  { method: 'POST', path: '/v1/operator-requests/{}/acknowledge' }, { method: 'POST', path: '/v1/operator-requests/{}/refuse' }, { method: 'POST', path: '/v1/operator-requests/{}/complete' },
  { method: 'GET', path: '/v1/tokens' }, { method: 'POST', path: '/v1/tokens' }, { method: 'DELETE', path: '/v1/tokens/{}' },
  { method: 'GET', path: '/metrics' }, { method: 'GET', path: '/healthz' },
];

const FIELDS = ['library', 'barcode', 'pool', 'drive', 'side', 'access', 'priority', 'timeoutMs', 'placement', 'deallocate', 'from', 'to', 'mode', 'via', 'barcodes',
  'name', 'mediaType', 'role', 'reason', 'slot', 'index', 'magazine', 'position', 'type', 'kind', 'cleaningUses', 'cleanerUses', 'wait', 'state', 'limit', 'offset', 'location'];

/** A path parameter: plausible values, junk, and raw text that is not even valid percent-encoding. */
const segment = fc.oneof(
  fc.constantFrom(LIBRARY, 'A00001L8', '1', '0', '-1', '99999999999999999999', 'tok_000000000000', '%', '%zz', '..', '%2e%2e', ' '),
  fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
);

/** A body that must be refused: not JSON, not an object, or an object with at least one unknown field. */
const refusedBody = fc.oneof(
  fc.string({ maxLength: 60 }).filter((s) => s.trim() !== '').map((s) => ({ raw: `{${s}` })),
  fc.constantFrom('{"library":', '[', 'nul', '{"__proto__": {"admin": true}, "x": 1}', '\u0000', '{"a":1}{"b":2}').map((raw) => ({ raw })),
  fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 3 })).map((value) => ({ raw: JSON.stringify(value) })),
  fc
    .tuple(fc.dictionary(fc.constantFrom(...FIELDS), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 6 }), fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !FIELDS.includes(k) && k !== '__proto__'))
    .map(([fields, unknown]) => ({ raw: JSON.stringify({ ...fields, [unknown]: 1 }) })),
);

const query = fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), fc.string({ maxLength: 8 })), fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String), fc.constantFrom('-1', '1e9', 'NaN', 'queued,', ',', '')), { maxKeys: 4 });

const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'application/problem+json', 'application/json; charset=latin1');

async function catalogSnapshot(api: ApiFixture): Promise<string> {
  const parts = await Promise.all(['/v1/libraries', '/v1/media', '/v1/requests', '/v1/pools', '/v1/operator-requests', '/v1/tokens', `/v1/libraries/${LIBRARY}`].map((p) => api.admin.get(p)));
  // Library rows carry the lease, renewed as time passes: compare everything else.
  return JSON.stringify(parts.map((p) => p.body), (key, value: unknown) => (key === 'lease' || key === 'updatedAt' || key === 'ownedHere' ? undefined : value));
}

onSqlite('API malformed input (property)', (h) => {
  test('malformed bodies, queries and paths get 4xx problem+json, never a 5xx, and never change the catalog', async () => {
    const api = await h.start();
    const before = await catalogSnapshot(api);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.array(segment, { minLength: 2, maxLength: 2 }), refusedBody, query, contentType, async (route, segments, body, q, type) => {
        let i = 0;
        const path = route.path.replaceAll('{}', () => segments[i++] ?? 'x');
        const search = new URLSearchParams(q).toString();
        const url = `${path}${search === '' ? '' : `?${search}`}`;
        const answer = route.method === 'POST' ? await api.admin.call('POST', url, { raw: body.raw, headers: { 'content-type': type } }) : await api.admin.call(route.method, url);
        assert.ok(answer.status < 500, `${route.method} ${url} ${body.raw} → ${answer.status} ${answer.text}`);
        if (route.method === 'POST') assert.ok(answer.status >= 400, `${route.method} ${url} ${body.raw} was accepted: ${answer.status} ${answer.text}`);
        if (answer.status >= 400) assert.match(answer.headers.get('content-type') ?? '', /^application\/problem\+json/, `${route.method} ${url}`);
      }),
      { numRuns: Number(process.env.API_FUZZ_RUNS ?? 300) },
    );
    assert.equal(await catalogSnapshot(api), before);
  });
});
