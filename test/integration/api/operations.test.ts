// The operations half of the NTMS application contract through the HTTP API, on both catalog
// engines: applications writing to the operator, a drive that needs cleaning, the queue order
// (Get/SetNtmsRequestOrder) and purging finished requests, and taking a library, drive or medium
// out of service (Enable/DisableNtmsObject) with names and descriptions (SetNtmsObjectInformation).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OperatorRequest } from '../../../src/rsm/catalog/index.ts';
import type { CleaningReport, ObjectState, PurgeResult, QueuedRequest } from '../../../src/rsm/operationsContract.ts';
import type { LibraryDetail, RequestView } from '../../../src/rsm/service.ts';
import { forEachEngine, LIBRARY } from './apiHarness.ts';
import { finished, requestState, until } from './flow.ts';

const LIB = `/v1/libraries/${LIBRARY}`;

interface Problem {
  readonly code: string;
  readonly detail: string;
}

forEachEngine('API operations', (h) => {
  test('an application writes to the operator (201, listed as submitted); a reader may not; an unknown library is 404', async () => {
    const api = await h.start();
    const sent = await api.backup.post<OperatorRequest>('/v1/operator-requests', { library: LIBRARY, message: 'Load the weekly set before 22:00' });
    assert.equal(sent.status, 201, sent.text);
    assert.deepEqual([sent.body.kind, sent.body.state, sent.body.message, sent.body.application, sent.body.user], ['message', 'submitted', 'Load the weekly set before 22:00', 'backup', 'backup']);
    const open = await api.reader.get<OperatorRequest[]>('/v1/operator-requests?state=submitted&kind=message');
    assert.deepEqual(open.body.map((o) => o.id), [sent.body.id]);
    const denied = await api.reader.post<Problem>('/v1/operator-requests', { message: 'hello' });
    assert.deepEqual([denied.status, denied.headers.get('content-type'), denied.body.code], [403, 'application/problem+json; charset=utf-8', 'ACCESS_DENIED']);
    const unknown = await api.backup.post<Problem>('/v1/operator-requests', { library: 'nowhere', message: 'hello' });
    assert.deepEqual([unknown.status, unknown.body.detail], [404, 'no library nowhere']);
    assert.equal((await api.backup.post('/v1/operator-requests', { message: '' })).status, 400);
  });

  test('a drive reported as needing cleaning is marked and one cleaning is queued; a second report while it waits queues none', async () => {
    const api = await h.start();
    // Without a usable cleaner the cleaning waits for the operator, so the second report finds it.
    assert.equal((await api.operator.post(`${LIB}/media/CLN001L1/disable`, { reason: 'worn out' })).status, 200);
    const first = await api.backup.post<CleaningReport>(`${LIB}/drives/1/needs-cleaning`, {});
    assert.equal(first.status, 200, first.text);
    assert.deepEqual([first.body.library, first.body.drive, first.body.request?.kind, first.body.request?.driveIndex], [LIBRARY, 1, 'clean', 1]);
    const second = await api.backup.post<CleaningReport>(`${LIB}/drives/1/needs-cleaning`, {});
    assert.deepEqual([second.status, second.body.request], [200, null]);
    const drives = (await api.reader.get<LibraryDetail>(LIB)).body.drives;
    assert.deepEqual(drives.map((d) => [d.index, d.needsCleaning]), [[0, false], [1, true]]);
    assert.equal((await api.backup.post(`${LIB}/drives/7/needs-cleaning`, {})).status, 400);
    assert.equal((await api.reader.post(`${LIB}/drives/1/needs-cleaning`, {})).status, 403);
    const id = first.body.request?.id ?? 0;
    assert.equal((await api.operator.post<RequestView>(`/v1/requests/${id}/cancel`, {})).body.state, 'cancelled');
  });

  test('the queue in serving order; a waiting mount moved to the front gets the next free drive; started requests cannot move; finished ones are purged', async () => {
    const api = await h.start();
    for (const [barcode, drive] of [['A00001L8', 0], ['A00002L8', 1]] as const) {
      assert.equal((await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode, drive })).body.state, 'completed');
    }
    const third = await api.backup.post<RequestView>('/v1/mounts', { library: LIBRARY, barcode: 'A00003L8' });
    const fourth = await api.backup.post<RequestView>('/v1/mounts', { library: LIBRARY, barcode: 'A00004L8' });
    await until(async () => (await requestState(api.reader, fourth.body.id)) === 'waiting' && (await requestState(api.reader, third.body.id)) === 'waiting', 'both mounts wait for a drive');
    const queue = await api.reader.get<QueuedRequest[]>(`${LIB}/queue`);
    assert.equal(queue.status, 200, queue.text);
    assert.deepEqual(queue.body.map((q) => [q.order, q.id, q.kind]), [[1, third.body.id, 'mount'], [2, fourth.body.id, 'mount']]);

    const moved = await api.operator.post<QueuedRequest[]>(`/v1/requests/${fourth.body.id}/order`, { position: 'front' });
    assert.equal(moved.status, 200, moved.text);
    assert.deepEqual(moved.body.map((q) => q.id), [fourth.body.id, third.body.id]);
    assert.equal((await api.backup.post(`/v1/requests/${fourth.body.id}/order`, { position: 'front' })).status, 403);
    assert.equal((await api.operator.post(`/v1/requests/${fourth.body.id}/order`, { position: 'middle' })).status, 400);

    // One drive comes free: the request moved to the front takes it, the other still waits.
    assert.equal((await api.backup.post<RequestView>('/v1/dismounts?wait=20000', { library: LIBRARY, drive: 0 })).body.state, 'completed');
    assert.equal((await finished(api.reader, fourth.body.id)).driveIndex, 0);
    assert.equal(await requestState(api.reader, third.body.id), 'waiting');
    const back = await api.operator.post<QueuedRequest[]>(`/v1/requests/${third.body.id}/order`, { position: 'back' });
    assert.deepEqual(back.body.map((q) => q.id), [third.body.id]);
    const done = await api.operator.post<Problem>(`/v1/requests/${fourth.body.id}/order`, { position: 'back' });
    assert.deepEqual([done.status, done.body.detail], [409, `request ${fourth.body.id} is already completed`]);
    assert.equal((await api.operator.post<RequestView>(`/v1/requests/${third.body.id}/cancel`, {})).body.state, 'cancelled');

    // Finished within the last day: kept by a purge of requests older than a day, deleted by 0.
    const kept = await api.operator.delete<PurgeResult>('/v1/requests?olderThanDays=1');
    assert.deepEqual([kept.status, kept.body.deleted], [200, 0]);
    assert.equal((await api.backup.delete('/v1/requests?olderThanDays=0')).status, 403);
    const purged = await api.operator.call<PurgeResult>('DELETE', `/v1/requests?olderThanDays=0&library=${LIBRARY}`);
    assert.deepEqual([purged.status, purged.body.deleted], [200, 5]);
    assert.deepEqual((await api.reader.get<RequestView[]>('/v1/requests')).body.map((r) => r.id), []);
    assert.equal((await api.reader.get(`/v1/requests/${third.body.id}`)).status, 404);
  });

  test('a disabled drive gets no mounts and says why; names and descriptions show in drive views; a disabled medium or library refuses mounts', async () => {
    const api = await h.start();
    const disabled = await api.operator.post<ObjectState>(`${LIB}/drives/1/disable`, { reason: 'head replaced, waiting for the engineer' });
    assert.equal(disabled.status, 200, disabled.text);
    assert.deepEqual(disabled.body, { type: 'drive', library: LIBRARY, key: 1, enabled: false, disabledReason: 'head replaced, waiting for the engineer', name: null, description: null, deferDismountSeconds: null });
    const named = await api.operator.call<ObjectState>('PATCH', `${LIB}/drives/1`, { body: { name: 'HH8 right', description: 'the lower drive bay' } });
    assert.deepEqual([named.status, named.body.name, named.body.description, named.body.enabled], [200, 'HH8 right', 'the lower drive bay', false]);
    const drives = (await api.reader.get<LibraryDetail>(LIB)).body.drives;
    assert.deepEqual(drives.map((d) => [d.index, d.enabled, d.disabledReason, d.name]), [[0, true, null, null], [1, false, 'head replaced, waiting for the engineer', 'HH8 right']]);

    const refused = await api.backup.post<Problem>('/v1/mounts', { library: LIBRARY, barcode: 'A00001L8', drive: 1 });
    assert.deepEqual([refused.status, refused.body.code, refused.body.detail], [409, 'INVALID_STATE', `drive 1 of library ${LIBRARY} is disabled: head replaced, waiting for the engineer; changer enable drive:1 puts it back in service`]);
    const anyDrive = await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00001L8' });
    assert.deepEqual([anyDrive.body.state, anyDrive.body.driveIndex], ['completed', 0]);
    assert.equal((await api.operator.post(`${LIB}/drives/0/disable`, {})).status, 200);
    const none = await api.backup.post<Problem>('/v1/mounts', { library: LIBRARY, barcode: 'A00002L8' });
    assert.deepEqual([none.status, none.body.detail], [409, `every drive of library ${LIBRARY} is disabled (drive 0; drive 1: head replaced, waiting for the engineer)`]);
    const enabled = await api.operator.post<ObjectState>(`${LIB}/drives/1/enable`, {});
    assert.deepEqual([enabled.body.enabled, enabled.body.disabledReason, enabled.body.name], [true, null, 'HH8 right']);
    assert.equal((await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode: 'A00002L8' })).body.driveIndex, 1);
    assert.equal((await api.backup.post(`${LIB}/drives/1/disable`, {})).status, 403);

    assert.equal((await api.operator.post(`${LIB}/media/A00003L8/disable`, { reason: 'label peeling' })).status, 200);
    const medium = await api.backup.post<Problem>('/v1/mounts', { library: LIBRARY, barcode: 'A00003L8' });
    assert.deepEqual([medium.status, medium.body.detail], [409, 'A00003L8 is disabled: label peeling; changer enable medium:A00003L8 puts it back in service']);
    assert.deepEqual((await api.reader.get<ObjectState>(`${LIB}/media/A00003L8/settings`)).body, { type: 'medium', library: LIBRARY, key: 'A00003L8', enabled: false, disabledReason: 'label peeling', name: null, description: null, deferDismountSeconds: null });

    const library = await api.operator.post<ObjectState>(`${LIB}/disable`, { reason: 'robot service' });
    assert.deepEqual([library.status, library.body.enabled], [200, false]);
    const described = await api.operator.call<ObjectState>('PATCH', LIB, { body: { description: 'row 3, rack B' } });
    assert.equal(described.body.description, 'row 3, rack B');
    assert.equal((await api.operator.call('PATCH', LIB, { body: { name: 'renamed' } })).status, 400);
    const summary = (await api.reader.get<LibraryDetail>(LIB)).body;
    assert.deepEqual([summary.enabled, summary.disabledReason, summary.description], [false, 'robot service', 'row 3, rack B']);
    const blocked = await api.backup.post<Problem>('/v1/dismounts', { library: LIBRARY, drive: 1 });
    assert.deepEqual([blocked.status, blocked.body.detail], [409, `library ${LIBRARY} is disabled: robot service; changer enable library --library ${LIBRARY} puts it back in service`]);
    assert.equal((await api.operator.post(`${LIB}/enable`, {})).status, 200);
    assert.equal((await api.backup.post<RequestView>('/v1/dismounts?wait=20000', { library: LIBRARY, drive: 1 })).body.state, 'completed');
  });

  test('a mount already waiting does not take a drive disabled meanwhile; it gets the drive once enabled again', async () => {
    const api = await h.start();
    for (const [barcode, drive] of [['A00001L8', 0], ['A00002L8', 1]] as const) {
      assert.equal((await api.backup.post<RequestView>('/v1/mounts?wait=20000', { library: LIBRARY, barcode, drive })).body.state, 'completed');
    }
    const waiting = await api.backup.post<RequestView>('/v1/mounts', { library: LIBRARY, barcode: 'A00003L8' });
    await until(async () => (await requestState(api.reader, waiting.body.id)) === 'waiting', 'the mount waits for a drive');
    assert.equal((await api.operator.post(`${LIB}/drives/0/disable`, { reason: 'firmware update' })).status, 200);
    assert.equal((await api.backup.post<RequestView>('/v1/dismounts?wait=20000', { library: LIBRARY, drive: 0 })).body.state, 'completed');
    const queue = await api.reader.get<QueuedRequest[]>(`${LIB}/queue`);
    assert.deepEqual(queue.body.map((q) => [q.id, q.state, q.drive]), [[waiting.body.id, 'waiting', null]]);
    assert.deepEqual((await api.reader.get<LibraryDetail>(LIB)).body.drives.map((d) => [d.index, d.state, d.enabled]), [[0, 'dismounted', false], [1, 'mounted', true]]);
    assert.equal((await api.operator.post(`${LIB}/drives/0/enable`, {})).status, 200);
    const done = await finished(api.reader, waiting.body.id);
    assert.deepEqual([done.state, done.driveIndex], ['completed', 0]);
  });
});
