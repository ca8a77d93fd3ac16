import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCatalogError, type CatalogClock, type Lease, type LeaseAttempt } from '../../../../src/rsm/catalog/index.ts';
import { forEachEngine } from './engines.ts';
import { seedLibrary } from './fixtures.ts';

/** A clock the test moves by hand, so submit order and history times are exact. */
function manualClock(start = 1_700_000_000_000): CatalogClock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

function held(attempt: LeaseAttempt): Lease {
  assert.ok(attempt.acquired);
  return attempt.lease;
}

forEachEngine('library requests', (h) => {
  test('claims follow priority then age, and every state change is in the history', async () => {
    const clock = manualClock();
    const catalog = await h.open(undefined, { clock });
    const library = await seedLibrary(catalog);
    const lease = held(await catalog.leases.acquire(library.id, 'manager-1', 60_000));
    const low = await catalog.requests.enqueue({ libraryId: library.id, kind: 'inventory', priority: -7, application: 'ops' });
    clock.advance(10);
    const normal = await catalog.requests.enqueue({ libraryId: library.id, kind: 'mount', application: 'backup', user: 'alice', driveIndex: 1, options: { write: true } });
    clock.advance(10);
    const urgent = await catalog.requests.enqueue({ libraryId: library.id, kind: 'dismount', priority: 15, driveIndex: 0 });
    clock.advance(10);
    const normalLater = await catalog.requests.enqueue({ libraryId: library.id, kind: 'mount', priority: 0 });
    assert.deepEqual((await catalog.requests.queued(library.id)).map((r) => r.id), [urgent.id, normal.id, normalLater.id, low.id]);
    assert.deepEqual(normal.options, { write: true });
    assert.equal(normal.user, 'alice');

    const order: number[] = [];
    for (;;) {
      clock.advance(1);
      const claimed = await catalog.requests.claimNext(lease);
      if (claimed === undefined) break;
      assert.deepEqual([claimed.state, claimed.claimedBy, claimed.startedAt], ['in-progress', 'manager-1', clock.now()]);
      order.push(claimed.id);
    }
    assert.deepEqual(order, [urgent.id, normal.id, normalLater.id, low.id]);

    clock.advance(100);
    await catalog.requests.transition(normal.id, 'waiting', { note: 'both drives busy' });
    clock.advance(100);
    await catalog.requests.claim(normal.id, lease);
    clock.advance(100);
    const failed = await catalog.requests.transition(normal.id, 'failed', { from: 'in-progress', errorCode: 'DRIVE_MEDIA_MISMATCH' });
    assert.deepEqual([failed.state, failed.errorCode, failed.finishedAt], ['failed', 'DRIVE_MEDIA_MISMATCH', clock.now()]);
    const history = await catalog.requests.history(normal.id);
    assert.deepEqual(
      history.map((e) => [e.state, e.at - normal.submittedAt]),
      [
        ['queued', 0],
        ['in-progress', 22],
        ['waiting', 125],
        ['in-progress', 225],
        ['failed', 325],
      ],
    );
    assert.equal(history[2]?.note, 'both drives busy');
    // A finished request stays finished.
    await assert.rejects(catalog.requests.transition(normal.id, 'completed'), (err) => isCatalogError(err, 'INVALID_STATE'));
    await assert.rejects(catalog.requests.transition(urgent.id, 'completed', { from: 'queued' }), (err) => isCatalogError(err, 'INVALID_STATE'));
    const done = await catalog.requests.transition(urgent.id, 'completed', { from: 'in-progress' });
    assert.equal(done.state, 'completed');
  });

  test('only the live lease holder claims work; kinds can be filtered', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const request = await catalog.requests.enqueue({ libraryId: library.id, kind: 'clean', driveIndex: 0 });
    await catalog.requests.enqueue({ libraryId: library.id, kind: 'eject', destination: { type: 'ieport', index: 0 } });
    const stale = held(await catalog.leases.acquire(library.id, 'manager-1', 30));
    await new Promise((resolve) => setTimeout(resolve, 80));
    await assert.rejects(catalog.requests.claimNext(stale), (err) => isCatalogError(err, 'LEASE_LOST'));
    await assert.rejects(catalog.requests.claim(request.id, stale), (err) => isCatalogError(err, 'LEASE_LOST'));
    assert.equal((await catalog.requests.get(request.id)).state, 'queued');
    const lease = held(await catalog.leases.acquire(library.id, 'manager-2', 60_000));
    const eject = await catalog.requests.claimNext(lease, ['eject', 'inject']);
    assert.deepEqual([eject?.kind, eject?.destination], ['eject', { type: 'ieport', index: 0 }]);
    assert.equal(await catalog.requests.claimNext(lease, ['mount']), undefined);
    await assert.rejects(catalog.requests.claim(eject?.id ?? 0, lease), (err) => isCatalogError(err, 'INVALID_STATE'));
  });

  test('two claimers never take the same request', async () => {
    const url = await h.freshUrl();
    const first = await h.open(url);
    const second = h.engine === 'postgres' ? await h.open(url) : first;
    const library = await seedLibrary(first);
    const lease = held(await first.leases.acquire(library.id, 'manager-1', 60_000));
    for (let i = 0; i < 12; i++) await first.requests.enqueue({ libraryId: library.id, kind: 'mount', priority: i % 3 });
    const claims = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? first : second).requests.claimNext(lease)));
    const ids = claims.filter((c) => c !== undefined).map((c) => c.id);
    assert.equal(ids.length, 12);
    assert.equal(new Set(ids).size, 12);
  });

  test('priorities outside -15…15 are refused; overdue requests time out', async () => {
    const clock = manualClock();
    const catalog = await h.open(undefined, { clock });
    const library = await seedLibrary(catalog);
    assert.throws(() => catalog.requests.enqueue({ libraryId: library.id, kind: 'mount', priority: 16 }), (err) => isCatalogError(err, 'INVALID_PARAMETER'));
    const soon = await catalog.requests.enqueue({ libraryId: library.id, kind: 'mount', deadlineAt: clock.now() + 1000 });
    const later = await catalog.requests.enqueue({ libraryId: library.id, kind: 'mount', deadlineAt: clock.now() + 5000 });
    const cancelled = await catalog.requests.enqueue({ libraryId: library.id, kind: 'move', destination: { type: 'slot', index: 3 } });
    await catalog.requests.cancel(cancelled.id, 'operator changed mind');
    clock.advance(2000);
    const expired = await catalog.requests.expireOverdue(library.id);
    assert.deepEqual(expired.map((r) => [r.id, r.state, r.errorCode]), [[soon.id, 'timed-out', 'TIMEOUT']]);
    assert.equal((await catalog.requests.get(later.id)).state, 'queued');
    assert.deepEqual((await catalog.requests.list({ libraryId: library.id, states: ['cancelled', 'timed-out'] })).map((r) => r.id), [soon.id, cancelled.id]);
  });
});

forEachEngine('operator requests, audit and transactions', (h) => {
  test('an operator request goes from submitted to acknowledged to completed, or is refused', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const pool = await catalog.pools.createApplicationPool({ name: 'Offsite', mediaType: 'LTO-8' });
    const newMedia = await catalog.operatorRequests.submit({ kind: 'new-media', libraryId: library.id, poolId: pool.id, message: 'Load 5 new LTO-8 tapes', application: 'backup' });
    assert.equal(newMedia.state, 'submitted');
    assert.equal((await catalog.operatorRequests.acknowledge(newMedia.id, 'bob')).state, 'acknowledged');
    const done = await catalog.operatorRequests.complete(newMedia.id, 'bob');
    assert.deepEqual([done.state, done.resolvedBy], ['completed', 'bob']);
    await assert.rejects(catalog.operatorRequests.refuse(newMedia.id, 'bob'), (err) => isCatalogError(err, 'INVALID_STATE'));
    const cleaner = await catalog.operatorRequests.submit({ kind: 'cleaner', libraryId: library.id, driveIndex: 1, message: 'Drive 1 needs cleaning and no cleaner is loaded' });
    assert.equal((await catalog.operatorRequests.refuse(cleaner.id, 'carol')).state, 'refused');
    assert.deepEqual((await catalog.operatorRequests.list({ openOnly: true })).length, 0);
    assert.deepEqual((await catalog.operatorRequests.list({ libraryId: library.id })).map((r) => r.kind), ['new-media', 'cleaner']);
  });

  test('the audit log records who did what, newest first', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    await catalog.audit.record({ who: { token: 'tok-1', role: 'operator' }, action: 'door.open', libraryId: library.id, detail: { door: 0 } });
    await catalog.audit.record({ who: { application: 'backup' }, action: 'media.allocate', libraryId: library.id, target: 'B00001L8', detail: { pool: 'Nightly', sides: [0] } });
    const entries = await catalog.audit.list({ libraryId: library.id });
    assert.deepEqual(entries.map((e) => e.action), ['media.allocate', 'door.open']);
    assert.deepEqual(entries[0]?.who, { token: null, role: null, application: 'backup' });
    assert.deepEqual(entries[0]?.detail, { pool: 'Nightly', sides: [0] });
    assert.deepEqual((await catalog.audit.list({ action: 'door.open' })).map((e) => e.who.token), ['tok-1']);
  });

  test('a request recorded with its audit entry: the request, its queued history and the entry, or none of them', async () => {
    const clock = manualClock();
    const catalog = await h.open(undefined, { clock });
    const library = await seedLibrary(catalog);
    const who = { token: 'tok-7', role: 'application', application: 'backup' };
    const mount = await catalog.requests.enqueueRecorded(
      { libraryId: library.id, kind: 'mount', priority: 3, application: 'backup', user: 'tok-7', driveIndex: 1, options: { access: 'write', barcode: 'A00001L8' } },
      { who, target: 'A00001L8', detail: { pool: null, drive: 1, note: 'quote " and \\ backslash' } },
    );
    assert.deepEqual([mount.kind, mount.state, mount.priority, mount.application, mount.user, mount.driveIndex, mount.submittedAt, mount.options], ['mount', 'queued', 3, 'backup', 'tok-7', 1, clock.now(), { access: 'write', barcode: 'A00001L8' }]);
    assert.deepEqual(await catalog.requests.get(mount.id), mount);
    assert.deepEqual(await catalog.requests.history(mount.id), [{ state: 'queued', at: clock.now(), note: null }]);
    const [entry] = await catalog.audit.list({ libraryId: library.id });
    assert.deepEqual(
      { at: entry?.at, who: entry?.who, action: entry?.action, libraryId: entry?.libraryId, target: entry?.target, detail: entry?.detail },
      { at: clock.now(), who, action: 'request.mount', libraryId: library.id, target: 'A00001L8', detail: { request: mount.id, priority: 3, pool: null, drive: 1, note: 'quote " and \\ backslash' } },
    );
    // A detail naming the request or its priority itself keeps the same key order and its own value.
    const clean = await catalog.requests.enqueueRecorded({ libraryId: library.id, kind: 'clean', driveIndex: 0 }, { who: {}, target: null, detail: { priority: 'own' } });
    assert.deepEqual((await catalog.audit.list({ action: 'request.clean' })).map((e) => [e.who, e.target, Object.entries(e.detail)]), [
      [{ token: null, role: null, application: null }, null, [['request', clean.id], ['priority', 'own']]],
    ]);

    await assert.rejects(catalog.requests.enqueueRecorded({ libraryId: 'no-such-library', kind: 'inventory' }, { who, target: null, detail: {} }));
    assert.deepEqual((await catalog.requests.list()).map((r) => r.kind), ['mount', 'clean']);
    assert.deepEqual((await catalog.audit.list()).map((e) => e.action), ['request.clean', 'request.mount']);
  });

  test('a transaction commits everything or nothing', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const tape = await catalog.media.add({ libraryId: library.id, barcode: 'TXN001L8', location: { type: 'slot', index: 0 } });
    await assert.rejects(
      catalog.transaction(async (tx) => {
        await tx.media.place(tape.id, { type: 'drive', index: 0 }, { state: 'mounted' });
        await tx.audit.record({ who: { role: 'system' }, action: 'media.mount', target: 'TXN001L8' });
        throw new Error('the drive did not load');
      }),
      /did not load/,
    );
    assert.deepEqual((await catalog.media.get(tape.id)).location, { type: 'slot', index: 0 });
    assert.equal((await catalog.audit.list()).length, 0);
    const placed = await catalog.transaction(async (tx) => {
      const moved = await tx.media.place(tape.id, { type: 'drive', index: 0 }, { state: 'mounted' });
      await tx.media.recordMount(tape.id);
      await tx.drives.recordMount(library.id, 0);
      await tx.audit.record({ who: { role: 'system' }, action: 'media.mount', target: 'TXN001L8' });
      return moved;
    });
    assert.deepEqual(placed.location, { type: 'drive', index: 0 });
    assert.equal((await catalog.media.get(tape.id)).mountCount, 1);
    assert.equal((await catalog.drives.get(library.id, 0)).mountCount, 1);
    assert.equal((await catalog.audit.list()).length, 1);
  });
});
