// The NTMS media services through the HTTP API only, on both catalog engines: allocate and
// deallocate without mounting with the pool's policies, move to a pool, set complete,
// decommission, swap sides, delete an ejected medium, delete a pool (409 while it holds media),
// and media queries with wildcards, states and last-mount times (bad filters: 400).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OperatorRequest, Pool } from '../../../src/rsm/catalog/index.ts';
import type { MediumAllocation } from '../../../src/rsm/mediaContract.ts';
import type { MediumView, RequestView } from '../../../src/rsm/service.ts';
import type { ApiClient } from './apiClient.ts';
import { forEachEngine, LIBRARY } from './apiHarness.ts';
import { until } from './flow.ts';

const LIB = `/v1/libraries/${LIBRARY}`;
const MEDIUM = `${LIB}/media`;

interface Problem {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
}

async function toScratch(client: ApiClient, barcode: string): Promise<MediumView> {
  const moved = await client.post<MediumView>(`${MEDIUM}/${barcode}/pool`, { pool: 'Free/LTO-8' });
  assert.equal(moved.status, 200, moved.text);
  return moved.body;
}

function sideOf(m: MediumView, side = 0): [string | undefined, number | undefined, string | null | undefined] {
  const s = m.sides.find((x) => x.side === side);
  return [s?.state, s?.allocationCount, s?.application];
}

forEachEngine('API media services', (h) => {
  test('allocate without mounting, mount later by the id the allocation answered, deallocate back to scratch; max allocations decommissions; a pool that does not draw from scratch stays empty', async () => {
    const api = await h.start();
    const pool = await api.backup.post<Pool>('/v1/pools', { name: 'nightly', mediaType: 'LTO-8', allocateFromScratch: true, deallocateToScratch: true, maxAllocations: 2 });
    assert.equal(pool.status, 201, pool.text);

    // Nothing in the free pool yet: 409, and the operator is asked for new media.
    const none = await api.backup.post<Problem>('/v1/allocations', { pool: 'nightly', library: LIBRARY });
    assert.deepEqual([none.status, none.headers.get('content-type'), none.body.code], [409, 'application/problem+json; charset=utf-8', 'MEDIA_UNAVAILABLE']);
    const asks = (await api.reader.get<OperatorRequest[]>(`/v1/operator-requests?library=${LIBRARY}&kind=new-media`)).body;
    assert.deepEqual(asks.map((r) => [r.state, r.message]), [['submitted', `Pool nightly has no LTO-8 medium left to allocate in library ${LIBRARY}; inject new media.`]]);

    // MoveToNtmsMediaPool: an import medium becomes scratch.
    const scratch = await toScratch(api.backup, 'A00001L8');
    assert.deepEqual([scratch.poolName, sideOf(scratch)], ['Free/LTO-8', ['available', 0, null]]);

    const first = await api.backup.post<MediumAllocation>('/v1/allocations', { pool: 'nightly', library: LIBRARY });
    assert.equal(first.status, 201, first.text);
    assert.deepEqual(
      [first.body.medium.barcode, first.body.side, first.body.allocatedFrom, first.body.medium.poolName, sideOf(first.body.medium), first.body.medium.location, first.body.medium.state],
      ['A00001L8', 0, 'Free/LTO-8', 'nightly', ['allocated', 1, 'backup'], { type: 'slot', index: 0 }, 'idle'],
    );
    // Allocated but not mounted: the next allocation finds nothing.
    assert.equal((await api.restore.post<Problem>('/v1/allocations', { pool: 'nightly' })).body.code, 'MEDIA_UNAVAILABLE');

    // Mounted later by the id the allocation answered (NTMS mounts the LMID it allocated).
    const mount = await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, mediumId: first.body.medium.id, drive: 0 });
    assert.deepEqual([mount.status, mount.body.state, mount.body.barcode], [200, 'completed', 'A00001L8'], mount.text);
    assert.equal((await api.backup.post<Problem>('/v1/mounts', { library: LIBRARY, mediumId: 'no-such-id' })).status, 404);
    assert.equal((await api.backup.post<Problem>('/v1/mounts', { library: LIBRARY, mediumId: first.body.medium.id, barcode: 'A00001L8' })).status, 400);
    assert.equal((await api.backup.post<RequestView>('/v1/dismounts?wait=20000', { library: LIBRARY, drive: 0 })).body.state, 'completed');
    assert.deepEqual(sideOf((await api.reader.get<MediumView>(`${MEDIUM}/A00001L8`)).body), ['allocated', 1, 'backup']);

    const released = await api.backup.post<MediumView>(`${MEDIUM}/A00001L8/deallocate`, {});
    assert.equal(released.status, 200, released.text);
    assert.deepEqual([released.body.poolName, sideOf(released.body)], ['Free/LTO-8', ['available', 1, null]]);
    const again = await api.backup.post<Problem>(`${MEDIUM}/A00001L8/deallocate`, {});
    assert.deepEqual([again.status, again.body.code, again.body.detail], [409, 'INVALID_STATE', 'side 0 of A00001L8 is available, not allocated']);

    // Second allocation reaches max allocations (2): deallocating it retires the side in the pool.
    const second = await api.restore.post<MediumAllocation>('/v1/allocations', { pool: 'nightly' });
    assert.deepEqual([second.status, second.body.medium.barcode, sideOf(second.body.medium)], [201, 'A00001L8', ['allocated', 2, 'restore']]);
    const worn = (await api.restore.post<MediumView>(`${MEDIUM}/A00001L8/deallocate`, { side: 0 })).body;
    assert.deepEqual([worn.poolName, sideOf(worn)], ['nightly', ['decommissioned', 2, null]]);

    // SetNtmsObjectInformation on the pool: no more allocation limit, and it stops drawing from scratch.
    const policy = await api.backup.call<Pool>('PATCH', '/v1/pools/nightly', { body: { maxAllocations: null, allocateFromScratch: false } });
    assert.deepEqual([policy.status, policy.body.maxAllocations, policy.body.allocateFromScratch, policy.body.deallocateToScratch], [200, null, false, true], policy.text);
    assert.equal((await api.backup.call<Problem>('PATCH', `/v1/pools/${encodeURIComponent('Free/LTO-8')}`, { body: { maxAllocations: 3 } })).status, 400);
    assert.equal((await api.backup.call<Problem>('PATCH', '/v1/pools/nightly', { body: {} })).status, 400);
    assert.equal((await api.reader.call<Problem>('PATCH', '/v1/pools/nightly', { body: { maxAllocations: 3 } })).status, 403);

    // A pool that never draws from scratch allocates only what it holds.
    await api.backup.post('/v1/pools', { name: 'vault', mediaType: 'LTO-8', allocateFromScratch: false });
    await toScratch(api.backup, 'A00002L8');
    assert.equal((await api.backup.post<Problem>('/v1/allocations', { pool: 'vault' })).body.code, 'MEDIA_UNAVAILABLE');
    // … unless the application names the medium (AllocateNtmsMedia with lpPartition).
    const claimed = await api.backup.post<MediumAllocation>('/v1/allocations', { pool: 'vault', library: LIBRARY, barcode: 'A00002L8' });
    assert.deepEqual([claimed.status, claimed.body.medium.poolName, claimed.body.allocatedFrom], [201, 'vault', 'Free/LTO-8']);

    // Bad orders: a system pool, an unknown pool, a barcode without its library, a side tape lacks, a reader.
    assert.deepEqual((await api.backup.post<Problem>('/v1/allocations', { pool: 'Free/LTO-8' })).status, 400);
    assert.deepEqual((await api.backup.post<Problem>('/v1/allocations', { pool: 'nope' })).status, 404);
    assert.deepEqual((await api.backup.post<Problem>('/v1/allocations', { pool: 'vault', barcode: 'A00003L8' })).status, 400);
    const side1 = await api.backup.post<Problem>(`${MEDIUM}/A00002L8/deallocate`, { side: 1 });
    assert.deepEqual([side1.status, side1.body.detail], [400, 'A00002L8 has 1 side(s); side 1 does not exist']);
    assert.equal((await api.reader.post<Problem>('/v1/allocations', { pool: 'vault' })).status, 403);
  });

  test('complete, decommission, delete a pool (409 while it holds media), delete an ejected medium', async () => {
    const api = await h.start();
    await api.backup.post('/v1/pools', { name: 'archive', mediaType: 'LTO-8' });
    await toScratch(api.backup, 'A00002L8');
    assert.equal((await api.backup.post('/v1/allocations', { pool: 'archive', library: LIBRARY, barcode: 'A00002L8' })).status, 201);

    const complete = await api.backup.post<MediumView>(`${MEDIUM}/A00002L8/complete`, {});
    assert.deepEqual([complete.status, sideOf(complete.body)], [200, ['complete', 1, 'backup']]);
    const write = await api.backup.post<Problem>('/v1/mounts', { library: LIBRARY, barcode: 'A00002L8', access: 'write' });
    assert.deepEqual([write.status, write.body.detail], [409, 'side 0 of A00002L8 is complete (full); mount it for reading']);
    assert.equal((await api.backup.post<Problem>(`${MEDIUM}/A00002L8/complete`, {})).body.detail, 'side 0 of A00002L8 is complete; only an allocated side can be set complete');

    const busy = await api.backup.delete<Problem>('/v1/pools/archive');
    assert.deepEqual([busy.status, busy.headers.get('content-type'), busy.body.code, busy.body.detail], [
      409, 'application/problem+json; charset=utf-8', 'INVALID_STATE',
      'pool archive still holds 1 media and 0 pools; move its media to another pool or deallocate them (and delete its pools) first',
    ]);
    const freed = await api.backup.post<MediumView>(`${MEDIUM}/A00002L8/deallocate`, {});
    assert.deepEqual([freed.body.poolName, sideOf(freed.body)], ['Free/LTO-8', ['available', 1, null]]);
    const deleted = await api.backup.delete<Pool>('/v1/pools/archive');
    assert.deepEqual([deleted.status, deleted.body.name], [200, 'archive']);
    assert.ok(!(await api.reader.get<Pool[]>('/v1/pools')).body.some((p) => p.name === 'archive'));
    assert.equal((await api.backup.delete<Problem>('/v1/pools/archive')).status, 404);
    assert.deepEqual((await api.backup.delete<Problem>(`/v1/pools/${encodeURIComponent('Free/LTO-8')}`)).body.detail, 'Free/LTO-8 is a system pool and cannot be deleted');

    const retired = await api.backup.post<MediumView>(`${MEDIUM}/A00002L8/decommission`, {});
    assert.deepEqual([retired.status, sideOf(retired.body)], [200, ['decommissioned', 1, null]]);
    assert.equal((await api.backup.post<Problem>(`${MEDIUM}/A00002L8/decommission`, {})).status, 409);

    // DeleteNtmsMedia: not while the cartridge is in the library; an operator's call.
    const inside = await api.operator.delete<Problem>(`${MEDIUM}/A00002L8`);
    assert.deepEqual([inside.status, inside.body.detail], [409, 'A00002L8 is in slot 1 of its library; eject it before deleting it']);
    assert.equal((await api.backup.delete<Problem>(`${MEDIUM}/A00002L8`)).status, 403);
    await api.operator.post(`${LIB}/inject?wait=20000`, {});
    assert.equal((await api.operator.post<RequestView>(`${LIB}/eject?wait=20000`, { barcodes: ['A00002L8'] })).body.state, 'completed');
    assert.equal((await api.operator.post(`${LIB}/front-panel/take-mailslot`, {})).status, 200);
    await until(async () => (await api.reader.get<MediumView>(`${MEDIUM}/A00002L8`)).body.location.type === 'outside', 'the catalog has it outside');
    const gone = await api.operator.delete<MediumView>(`${MEDIUM}/A00002L8`);
    assert.deepEqual([gone.status, gone.body.barcode, gone.body.location], [200, 'A00002L8', { type: 'outside' }]);
    assert.equal((await api.reader.get(`${MEDIUM}/A00002L8`)).status, 404);
  });

  test('swap sides: two tapes of one pool trade their logical media; refused across pools and with nothing to swap', async () => {
    const api = await h.start();
    await api.backup.post('/v1/pools', { name: 'weekly', mediaType: 'LTO-8', allocateFromScratch: false });
    for (const barcode of ['A00003L8', 'A00005L8']) await toScratch(api.backup, barcode);
    await api.backup.post('/v1/allocations', { pool: 'weekly', library: LIBRARY, barcode: 'A00003L8' });
    assert.equal((await api.backup.post<MediumView>(`${MEDIUM}/A00005L8/pool`, { pool: 'weekly' })).status, 200);

    const swapped = await api.backup.post<MediumView[]>(`${LIB}/media-swaps`, { first: { barcode: 'A00003L8' }, second: { barcode: 'A00005L8' } });
    assert.equal(swapped.status, 200, swapped.text);
    assert.deepEqual(swapped.body.map((m) => [m.barcode, ...sideOf(m)]), [['A00003L8', 'available', 1, null], ['A00005L8', 'allocated', 0, 'backup']]);
    const nothing = await api.backup.post<Problem>(`${LIB}/media-swaps`, { first: { barcode: 'A00003L8' }, second: { barcode: 'A00001L8' } });
    assert.deepEqual([nothing.status, nothing.body.detail], [409, 'side 0 of A00001L8 is import; only available, allocated and complete sides can be swapped']);
    await toScratch(api.backup, 'A00001L8');
    const across = await api.backup.post<Problem>(`${LIB}/media-swaps`, { first: { barcode: 'A00005L8' }, second: { barcode: 'A00001L8' } });
    assert.deepEqual([across.status, across.body.code], [400, 'INVALID_PARAMETER']);
    assert.equal((await api.backup.post<Problem>(`${LIB}/media-swaps`, { first: { barcode: 'A00005L8' } })).status, 400);
  });

  test('media queries: wildcards, states, side states, last mounted, paging; bad filters are 400 problem+json', async () => {
    const api = await h.start();
    const barcodes = async (query: string): Promise<(string | null)[]> => {
      const answer = await api.reader.get<MediumView[]>(`/v1/media?${query}`);
      assert.equal(answer.status, 200, answer.text);
      return answer.body.map((m) => m.barcode);
    };
    assert.deepEqual(await barcodes('barcode=A0000*'), ['A00001L8', 'A00002L8', 'A00003L8', 'A00004L8', 'A00005L8', 'A00006L8', 'A00007L8', 'A00008L8', 'A00009L8']);
    assert.deepEqual(await barcodes('barcode=a0001?l8&limit=3'), ['A00010L8', 'A00011L8', 'A00012L8']);
    assert.deepEqual(await barcodes('barcode=a0001?l8&limit=2&offset=2'), ['A00012L8', 'A00013L8']);
    assert.deepEqual(await barcodes('barcode=CLN*'), ['CLN001L1']);
    assert.deepEqual(await barcodes('barcode=A00001L8'), ['A00001L8']);
    assert.deepEqual(await barcodes('barcode=A_0001L8'), []);

    const before = Date.now();
    const mount = await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00003L8', drive: 0 });
    assert.equal(mount.body.state, 'completed', mount.text);
    assert.deepEqual(await barcodes('state=mounted,loaded'), ['A00003L8']);
    assert.deepEqual(await barcodes(`mountedSince=${before}`), ['A00003L8']);
    assert.ok(!(await barcodes(`mountedBefore=${before}`)).includes('A00003L8'));
    assert.equal((await barcodes(`mountedBefore=${before}&barcode=A*`)).length, (await barcodes('barcode=A*')).length - 1);
    await toScratch(api.backup, 'A00006L8');
    assert.deepEqual(await barcodes('sideState=available&mediaType=LTO-8'), ['A00006L8']);
    assert.deepEqual(await barcodes(`library=${LIBRARY}&pool=Import/LTO-7&location=ieport`), ['B00001L7']);

    for (const bad of ['state=lost', 'sideState=available,gone', 'mountedSince=yesterday', 'location=shelf', 'color=red', 'barcode=']) {
      const answer = await api.reader.get<Problem>(`/v1/media?${bad}`);
      assert.deepEqual([answer.status, answer.headers.get('content-type'), answer.body.code], [400, 'application/problem+json; charset=utf-8', 'INVALID_PARAMETER'], bad);
    }
  });
});
