// Access per library and per pool (NTMS's per-object USE/MODIFY/CONTROL) through the HTTP API, on
// both catalog engines: two backup applications share one library, each with a token limited to
// its own pool, and neither can touch the other's media; a token limited to another library
// cannot name this one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ApiToken, IssuedToken } from '../../../src/api/auth/tokenStore.ts';
import type { RequestView } from '../../../src/rsm/service.ts';
import { ApiClient } from './apiClient.ts';
import { forEachEngine, LIBRARY } from './apiHarness.ts';

interface Problem {
  readonly code: string;
  readonly detail: string;
  readonly status: number;
}

function refused(answer: { status: number; headers: Headers; body: unknown }, detail: string): void {
  const problem = answer.body as Problem;
  assert.deepEqual([answer.status, answer.headers.get('content-type'), problem.code, problem.detail], [403, 'application/problem+json; charset=utf-8', 'ACCESS_DENIED', detail]);
}

forEachEngine('API access scopes', (h) => {
  test('two application tokens limited to different pools on one library are each refused (403) on the other\'s media', async () => {
    const api = await h.start();
    const issue = async (name: string, scope: object): Promise<ApiClient> => {
      const created = await api.admin.post<IssuedToken>('/v1/tokens', { name, role: 'application', scope });
      assert.equal(created.status, 201, created.text);
      assert.deepEqual(created.body.scope, scope);
      return new ApiClient(api.url, created.body.token);
    };
    const bacula = await issue('bacula', { pools: ['bacula'] });
    const amanda = await issue('amanda', { libraries: [LIBRARY], pools: ['amanda'] });
    const listed = (await api.admin.get<ApiToken[]>('/v1/tokens')).body;
    assert.deepEqual(listed.filter((t) => t.scope !== undefined).map((t) => [t.name, t.scope]), [['bacula', { pools: ['bacula'] }], ['amanda', { libraries: [LIBRARY], pools: ['amanda'] }]]);
    assert.equal((await api.admin.post('/v1/tokens', { name: 'bad', role: 'application', scope: { pools: [] } })).status, 400);

    // Scratch tapes in the free pool; each application's pool draws from it.
    for (const barcode of ['A00001L8', 'A00002L8', 'A00003L8']) await api.manager.moveMediumToPool(LIBRARY, barcode, 'Free/LTO-8', { application: 'test' });
    for (const name of ['bacula', 'amanda']) assert.equal((await api.operator.post('/v1/pools', { name, mediaType: 'LTO-8', allocateFromScratch: true })).status, 201);

    const baculaMount = await bacula.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, pool: 'bacula', drive: 0 });
    assert.equal(baculaMount.body.state, 'completed', baculaMount.text);
    const amandaMount = await amanda.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, pool: 'amanda', drive: 1 });
    assert.equal(amandaMount.body.state, 'completed', amandaMount.text);
    const baculaTape = baculaMount.body.barcode ?? '';
    const amandaTape = amandaMount.body.barcode ?? '';

    refused(await amanda.post('/v1/dismounts', { library: LIBRARY, barcode: baculaTape }), `token amanda may use only the media of pool amanda; ${baculaTape} is in pool bacula`);
    refused(await amanda.post('/v1/dismounts', { library: LIBRARY, drive: 0 }), `token amanda may use only the media of pool amanda; ${baculaTape} is in pool bacula`);
    refused(await bacula.post('/v1/dismounts', { library: LIBRARY, drive: 1 }), `token bacula may use only the media of pool bacula; ${amandaTape} is in pool amanda`);
    refused(await bacula.post('/v1/mounts', { library: LIBRARY, pool: 'amanda' }), 'token bacula may use only the media of pool bacula; amanda is not one of them');
    // Scratch media belong to nobody's pool until allocated.
    refused(await bacula.post('/v1/mounts', { library: LIBRARY, barcode: 'A00003L8' }), 'token bacula may use only the media of pool bacula; A00003L8 is in pool Free/LTO-8');

    // The media services without the robot keep the same borders.
    refused(await bacula.post(`/v1/libraries/${LIBRARY}/media/${amandaTape}/complete`, {}), `token bacula may use only the media of pool bacula; ${amandaTape} is in pool amanda`);
    refused(await amanda.post(`/v1/libraries/${LIBRARY}/media/${baculaTape}/deallocate`, {}), `token amanda may use only the media of pool amanda; ${baculaTape} is in pool bacula`);
    refused(await amanda.post('/v1/allocations', { pool: 'bacula', library: LIBRARY }), 'token amanda may use only the media of pool amanda; bacula is not one of them');
    refused(await bacula.post(`/v1/libraries/${LIBRARY}/media/${amandaTape}/pool`, { pool: 'bacula' }), `token bacula may use only the media of pool bacula; ${amandaTape} is in pool amanda`);

    // Each may still do everything with its own.
    assert.equal((await amanda.post<RequestView>('/v1/dismounts?wait=20000', { library: LIBRARY, barcode: amandaTape })).body.state, 'completed');
    refused(await bacula.post('/v1/mounts', { library: LIBRARY, barcode: amandaTape }), `token bacula may use only the media of pool bacula; ${amandaTape} is in pool amanda`);
    assert.equal((await bacula.post<RequestView>('/v1/dismounts?wait=20000', { library: LIBRARY, drive: 0 })).body.state, 'completed');
    assert.equal((await amanda.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: amandaTape })).body.state, 'completed');
    // Unscoped tokens are as before.
    assert.equal((await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: baculaTape })).body.state, 'completed');
  });

  test('a token limited to another library is refused on every call naming this one, in the path, the query or the body', async () => {
    const api = await h.start();
    const created = await api.admin.post<IssuedToken>('/v1/tokens', { name: 'elsewhere', role: 'operator', scope: { libraries: ['other-site'] } });
    const elsewhere = new ApiClient(api.url, created.body.token);
    const detail = `token "elsewhere" may use only library other-site, not ${LIBRARY}`;
    refused(await elsewhere.get(`/v1/libraries/${LIBRARY}`), detail);
    refused(await elsewhere.get(`/v1/media?library=${LIBRARY}`), detail);
    refused(await elsewhere.post('/v1/mounts', { library: LIBRARY, barcode: 'A00001L8' }), detail);
    refused(await elsewhere.post(`/v1/libraries/${LIBRARY}/inventory`, {}), detail);
    assert.equal((await elsewhere.get('/v1/pools')).status, 200);
  });
});
