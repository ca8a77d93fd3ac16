// Mounts and dismounts through the HTTP API only, on both catalog engines: by barcode and from a
// pool (scratch allocation), ?wait long polling, priorities, cancellation and its permissions,
// timeouts, and two applications racing for one drive.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '../../../src/emulator/index.ts';
import type { OperatorRequest } from '../../../src/rsm/catalog/index.ts';
import type { LibraryDetail, MediumView, RequestView } from '../../../src/rsm/service.ts';
import { forEachEngine, LIBRARY } from './apiHarness.ts';
import { finished, requestState, until } from './flow.ts';

const MEDIUM = `/v1/libraries/${LIBRARY}/media`;

forEachEngine('API mounts', (h) => {
  test('mount by barcode with ?wait answers 200 with the completed request; dismount follows; the catalog shows where each tape is', async () => {
    const api = await h.start();
    const mount = await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00002L8', drive: 1 });
    assert.equal(mount.status, 200, mount.text);
    assert.equal(mount.headers.get('location'), `/v1/requests/${mount.body.id}`);
    assert.deepEqual(
      [mount.body.kind, mount.body.state, mount.body.libraryName, mount.body.barcode, mount.body.application, mount.body.user, mount.body.history.map((e) => e.state)],
      ['mount', 'completed', LIBRARY, 'A00002L8', 'backup', 'backup', ['queued', 'in-progress', 'completed']],
    );
    const medium = (await api.reader.get<MediumView>(`${MEDIUM}/A00002L8`)).body;
    assert.deepEqual([medium.location, medium.state, medium.mountCount, medium.libraryName], [{ type: 'drive', index: 1 }, 'mounted', 1, LIBRARY]);
    const drives = (await api.reader.get<LibraryDetail>(`/v1/libraries/${LIBRARY}`)).body.drives;
    assert.deepEqual(drives.map((d) => [d.index, d.state, d.barcode]), [[0, 'dismounted', null], [1, 'mounted', 'A00002L8']]);
    const inDrives = await api.reader.get<MediumView[]>(`/v1/media?library=${LIBRARY}&location=drive`);
    assert.deepEqual(inDrives.body.map((m) => m.barcode), ['A00002L8']);

    const again = await api.restore.post('/v1/mounts', { library: LIBRARY, barcode: 'A00002L8' });
    assert.equal(again.status, 409);
    assert.equal((again.body as { code: string }).code, 'INVALID_STATE');

    // Without ?wait: 202 with the queued request, followed with GET …?wait.
    const dismount = await api.backup.post<RequestView>('/v1/dismounts', { library: LIBRARY, barcode: 'A00002L8' });
    assert.equal(dismount.status, 202);
    assert.equal(dismount.body.kind, 'dismount');
    assert.ok(['queued', 'in-progress'].includes(dismount.body.state));
    assert.equal((await finished(api.reader, dismount.body.id)).state, 'completed');
    const home = (await api.reader.get<MediumView>(`${MEDIUM}/A00002L8`)).body;
    assert.deepEqual([home.location, home.state], [{ type: 'slot', index: 1 }, 'idle']);
    const listed = await api.reader.get<RequestView[]>(`/v1/requests?library=${LIBRARY}&kind=mount,dismount&state=completed`);
    assert.deepEqual(listed.body.map((r) => r.kind).sort(), ['dismount', 'mount']);
    assert.equal((await api.reader.get<RequestView[]>('/v1/requests?state=queued,waiting,in-progress')).body.length, 0);
    assert.deepEqual((await api.reader.get<RequestView[]>('/v1/requests?limit=1')).body.length, 1);

    // A mount onto "any drive" tells the client which drive it got.
    const anyDrive = await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00003L8' });
    assert.equal(anyDrive.body.state, 'completed', anyDrive.text);
    const placed = (await api.reader.get<MediumView>(`${MEDIUM}/A00003L8`)).body.location;
    assert.equal(placed.type, 'drive');
    assert.equal(anyDrive.body.driveIndex, placed.type === 'drive' ? placed.index : -1);
  });

  test('scratch allocation: tapes injected into the free pool, a pool that draws from scratch, racing applications get different tapes, an empty pool is 409', async () => {
    const api = await h.start();
    // The mailslot starts with an LTO-7 cartridge: take it in first, then bring two new LTO-8 ones to the free pool.
    assert.equal((await api.operator.post<RequestView>(`/v1/libraries/${LIBRARY}/inject?wait=20000`, {})).body.state, 'completed');
    for (const barcode of ['F00001L8', 'F00002L8']) {
      const inserted = await api.operator.post<{ cartridge: string }>(`/v1/libraries/${LIBRARY}/front-panel/insert-mailslot`, { barcode });
      assert.equal(inserted.status, 200, inserted.text);
      assert.equal(inserted.body.cartridge, barcode);
      const inject = await api.operator.post<RequestView>(`/v1/libraries/${LIBRARY}/inject?wait=20000`, { pool: 'Free/LTO-8' });
      assert.equal(inject.body.state, 'completed', inject.text);
    }
    const free = await api.reader.get<MediumView[]>('/v1/media?pool=Free/LTO-8');
    assert.deepEqual(free.body.map((m) => [m.barcode, m.sides[0]?.state]).sort(), [['F00001L8', 'available'], ['F00002L8', 'available']]);

    const pool = await api.backup.post<{ name: string; type: string; mediaType: string; allocateFromScratch: boolean }>('/v1/pools', { name: 'nightly', mediaType: 'LTO-8', allocateFromScratch: true });
    assert.equal(pool.status, 201, pool.text);
    assert.deepEqual([pool.body.name, pool.body.type, pool.body.mediaType, pool.body.allocateFromScratch], ['nightly', 'application', 'LTO-8', true]);
    assert.equal((await api.backup.post('/v1/pools', { name: 'nightly', mediaType: 'LTO-8' })).status, 409);
    assert.ok((await api.reader.get<{ name: string }[]>('/v1/pools')).body.some((p) => p.name === 'nightly'));

    const [first, second] = await Promise.all([
      api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, pool: 'nightly' }),
      api.restore.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, pool: 'nightly' }),
    ]);
    assert.deepEqual([first.status, first.body.state, second.status, second.body.state], [200, 'completed', 200, 'completed']);
    assert.deepEqual([first.body.barcode, second.body.barcode].sort(), ['F00001L8', 'F00002L8']);
    const allocated = (await api.reader.get<MediumView>(`${MEDIUM}/${first.body.barcode ?? ''}`)).body;
    assert.deepEqual([allocated.poolName, allocated.sides[0]?.state, allocated.sides[0]?.application, allocated.location.type], ['nightly', 'allocated', 'backup', 'drive']);

    const empty = await api.backup.post<{ code: string; detail: string }>('/v1/mounts', { library: LIBRARY, pool: 'nightly' });
    assert.equal(empty.status, 409);
    assert.equal(empty.body.code, 'MEDIA_UNAVAILABLE');
    const asks = await api.reader.get<OperatorRequest[]>(`/v1/operator-requests?library=${LIBRARY}&kind=new-media&state=submitted`);
    assert.equal(asks.body.length, 1);

    const back = await api.backup.post<RequestView>('/v1/dismounts?wait=20000', { library: LIBRARY, barcode: first.body.barcode, deallocate: true });
    assert.equal(back.body.state, 'completed');
    const returned = (await api.reader.get<MediumView>(`${MEDIUM}/${first.body.barcode ?? ''}`)).body;
    assert.deepEqual([returned.sides[0]?.state, returned.location.type], ['available', 'slot']);
  });

  test('two applications racing for one drive: the second waits until the first dismounts; ?wait that runs out answers 202', async () => {
    const api = await h.start();
    // One after the other, so which of the two is first in the queue is known (sent together, either may arrive first).
    const a = await api.backup.post<RequestView>('/v1/mounts', { library: LIBRARY, barcode: 'A00001L8', drive: 0 });
    const b = await api.restore.post<RequestView>('/v1/mounts', { library: LIBRARY, barcode: 'A00002L8', drive: 0 });
    assert.deepEqual([a.status, b.status], [202, 202]);
    assert.equal((await finished(api.reader, a.body.id)).state, 'completed');
    await until(async () => (await requestState(api.reader, b.body.id)) === 'waiting', 'the second mount waits');
    const stillWaiting = await api.reader.get<RequestView>(`/v1/requests/${b.body.id}?wait=100`);
    assert.deepEqual([stillWaiting.status, stillWaiting.body.state], [200, 'waiting']);
    const third = await api.restore.post<RequestView>('/v1/mounts?wait=100', { library: LIBRARY, barcode: 'A00003L8', drive: 0 });
    assert.equal(third.status, 202);
    assert.ok(['queued', 'waiting'].includes(third.body.state));
    assert.equal((await api.reader.get<MediumView>(`${MEDIUM}/A00002L8`)).body.location.type, 'slot');
    assert.equal((await api.backup.post<RequestView>('/v1/dismounts?wait=20000', { library: LIBRARY, drive: 0 })).body.state, 'completed');
    const second = await finished(api.reader, b.body.id);
    assert.deepEqual([second.state, second.history.map((e) => e.state)], ['completed', ['queued', 'waiting', 'in-progress', 'completed']]);
    assert.deepEqual((await api.reader.get<MediumView>(`${MEDIUM}/A00002L8`)).body.location, { type: 'drive', index: 0 });
    assert.equal((await api.restore.post<RequestView>(`/v1/requests/${third.body.id}/cancel`)).body.state, 'cancelled');
  });

  test('priorities: when the drive frees up the higher-priority mount goes first', async () => {
    const api = await h.start();
    await api.backup.post('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00001L8', drive: 0 });
    const low = await api.backup.post<RequestView>('/v1/mounts', { library: LIBRARY, barcode: 'A00002L8', drive: 0, priority: -5 });
    const high = await api.restore.post<RequestView>('/v1/mounts', { library: LIBRARY, barcode: 'A00003L8', drive: 0, priority: 10 });
    assert.deepEqual([low.body.priority, high.body.priority], [-5, 10]);
    await until(async () => (await requestState(api.reader, low.body.id)) === 'waiting' && (await requestState(api.reader, high.body.id)) === 'waiting', 'both wait');
    await api.backup.post('/v1/dismounts?wait=20000', { library: LIBRARY, drive: 0 });
    assert.equal((await finished(api.reader, high.body.id)).state, 'completed');
    assert.equal(await requestState(api.reader, low.body.id), 'waiting');
    await api.restore.post('/v1/dismounts?wait=20000', { library: LIBRARY, drive: 0 });
    assert.equal((await finished(api.reader, low.body.id)).state, 'completed');
  });

  test('cancellation: an application cancels its own request, not another\'s (403); an operator cancels any; a finished one is 409', async () => {
    const api = await h.start();
    await api.backup.post('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00001L8', drive: 0 });
    await api.backup.post('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00002L8', drive: 1 });
    const mine = await api.backup.post<RequestView>('/v1/mounts', { library: LIBRARY, barcode: 'A00003L8' });
    const theirs = await api.restore.post<RequestView>('/v1/mounts', { library: LIBRARY, barcode: 'A00004L8' });
    await until(async () => (await requestState(api.reader, mine.body.id)) === 'waiting' && (await requestState(api.reader, theirs.body.id)) === 'waiting', 'both wait for a drive');
    const refused = await api.backup.post<{ code: string; detail: string }>(`/v1/requests/${theirs.body.id}/cancel`);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.code, 'ACCESS_DENIED');
    assert.match(refused.body.detail, /belongs to restore/);
    // Claiming the other application's name does not make its request one's own.
    assert.equal((await api.backup.as('restore').post(`/v1/requests/${theirs.body.id}/cancel`)).status, 403);
    assert.equal((await api.reader.post(`/v1/requests/${mine.body.id}/cancel`)).status, 403);
    const own = await api.backup.post<RequestView>(`/v1/requests/${mine.body.id}/cancel`);
    assert.deepEqual([own.status, own.body.state], [200, 'cancelled']);
    const byOperator = await api.operator.post<RequestView>(`/v1/requests/${theirs.body.id}/cancel`);
    assert.deepEqual([byOperator.status, byOperator.body.state], [200, 'cancelled']);
    const twice = await api.operator.post<{ code: string }>(`/v1/requests/${theirs.body.id}/cancel`);
    assert.deepEqual([twice.status, twice.body.code], [409, 'INVALID_STATE']);
    assert.equal((await api.reader.get<MediumView>(`${MEDIUM}/A00003L8`)).body.location.type, 'slot');
  });
});

forEachEngine('API timeouts', (h) => {
  test('a mount not done within timeoutMs ends timed-out; the client sees it through ?wait', async () => {
    const clock = new VirtualClock();
    const api = await h.start({ clock });
    await api.backup.post('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00001L8', drive: 0 });
    const late = await api.restore.post<RequestView>('/v1/mounts', { library: LIBRARY, barcode: 'A00002L8', drive: 0, timeoutMs: 60_000 });
    assert.equal(typeof late.body.deadlineAt, 'number');
    await until(async () => (await requestState(api.reader, late.body.id)) === 'waiting', 'the mount waits');
    await clock.advance(59_000);
    assert.equal(await requestState(api.reader, late.body.id), 'waiting');
    await clock.advance(1_000);
    const ended = await finished(api.reader, late.body.id);
    assert.deepEqual([ended.state, ended.errorCode], ['timed-out', 'TIMEOUT']);
    assert.equal((await api.reader.get<MediumView>(`${MEDIUM}/A00002L8`)).body.location.type, 'slot');
  });
});
