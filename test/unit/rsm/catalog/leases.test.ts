import assert from 'node:assert/strict';
import { once } from 'node:events';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { isCatalogError, type Lease, type LeaseAttempt } from '../../../../src/rsm/catalog/index.ts';
import { messages, spawnChild } from './children/run.ts';
import { forEachEngine } from './engines.ts';
import { seedLibrary } from './fixtures.ts';

const LONG = 60_000;

function held(attempt: LeaseAttempt): Lease {
  assert.ok(attempt.acquired, `expected the lease, got ${JSON.stringify(attempt)}`);
  return attempt.lease;
}

forEachEngine('library leases', (h) => {
  test('acquire, refuse while held, renew, release, and the fencing key only grows', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const first = held(await catalog.acquireLease(library.id, 'host-a', LONG));
    assert.equal(first.fencingKey, 1);
    const refused = await catalog.leases.acquire(library.id, 'host-b', LONG);
    assert.deepEqual(refused, { acquired: false, ownerId: 'host-a', expiresAt: first.expiresAt, fencingKey: 1 });
    // Not even the same owner id gets a second live lease.
    assert.equal((await catalog.leases.acquire(library.id, 'host-a', LONG)).acquired, false);
    await assert.rejects(catalog.leases.acquireOrThrow(library.id, 'host-b', LONG), (err) => isCatalogError(err, 'LEASE_HELD') && /host-a/.test(err.message));
    assert.deepEqual(await catalog.leases.holder(library.id), first);
    assert.equal((await catalog.libraries.get(library.id)).lease?.ownerId, 'host-a');

    await sleep(5);
    const renewed = await catalog.renewLease(first, LONG);
    assert.ok(renewed.expiresAt > first.expiresAt);
    assert.equal(renewed.fencingKey, first.fencingKey);

    assert.equal(await catalog.releaseLease(renewed), true);
    assert.equal(await catalog.leases.holder(library.id), undefined);
    const second = held(await catalog.leases.acquire(library.id, 'host-b', LONG));
    assert.equal(second.fencingKey, 2);
    // The old holder is fenced off.
    await assert.rejects(catalog.leases.renew(first, LONG), (err) => isCatalogError(err, 'LEASE_LOST') && /host-b/.test(err.message));
    await assert.rejects(catalog.leases.assertHeld(first), (err) => isCatalogError(err, 'LEASE_LOST'));
    assert.equal(await catalog.leases.release(first), false);
    await catalog.leases.assertHeld(second);
  });

  test('an expired lease is taken over with a higher fencing key, and cannot be renewed', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const stale = held(await catalog.leases.acquire(library.id, 'host-a', 50));
    await sleep(120);
    assert.equal(await catalog.leases.holder(library.id), undefined);
    // Not revived even though nobody took it yet.
    await assert.rejects(catalog.leases.renew(stale, LONG), (err) => isCatalogError(err, 'LEASE_LOST'));
    const fresh = held(await catalog.leases.acquire(library.id, 'host-b', LONG));
    assert.ok(fresh.fencingKey > stale.fencingKey);
    assert.equal((await catalog.leases.holder(library.id))?.ownerId, 'host-b');
  });

  test('a live lease is taken over only from the holder named, once: the second taker and a renewal by the old holder are refused', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const crashed = held(await catalog.leases.acquire(library.id, 'rsm@here (pid 11)', LONG));
    const wrongKey = await catalog.leases.takeOver(library.id, 'rsm@here (pid 12)', LONG, { ownerId: crashed.ownerId, fencingKey: crashed.fencingKey + 1 });
    assert.deepEqual(wrongKey, { acquired: false, ownerId: crashed.ownerId, expiresAt: crashed.expiresAt, fencingKey: crashed.fencingKey });
    const [a, b] = await Promise.all([
      catalog.takeOverLease(library.id, 'rsm@here (pid 12)', LONG, crashed),
      catalog.takeOverLease(library.id, 'rsm@here (pid 13)', LONG, crashed),
    ]);
    assert.equal([a, b].filter((x) => x.acquired).length, 1, 'exactly one restarted manager takes it');
    const winner = held(a.acquired ? a : b);
    assert.equal(winner.fencingKey, crashed.fencingKey + 1);
    await assert.rejects(catalog.leases.renew(crashed, LONG), (err) => isCatalogError(err, 'LEASE_LOST'));
  });

  test('many managers racing for a free library: exactly one wins', async () => {
    const url = await h.freshUrl();
    const first = await h.open(url);
    const second = h.engine === 'postgres' ? await h.open(url) : first;
    const library = await seedLibrary(first);
    const attempts = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? first : second).leases.acquire(library.id, `host-${i}`, LONG)));
    const winners = attempts.filter((a) => a.acquired);
    assert.equal(winners.length, 1);
    const winner = (winners[0] as Extract<LeaseAttempt, { acquired: true }>).lease;
    for (const a of attempts) if (!a.acquired) assert.equal(a.ownerId, winner.ownerId);
  });

  test('leases are refused for an unknown library and a nonsense time-to-live', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    await assert.rejects(catalog.leases.acquire('no-such-library', 'host-a', LONG), (err) => isCatalogError(err, 'NOT_FOUND'));
    await assert.rejects(catalog.leases.acquire(library.id, 'host-a', 0), (err) => isCatalogError(err, 'INVALID_PARAMETER'));
  });

  test('two processes: the other manager holds, releases, then a crashed holder is taken over after expiry', async () => {
    const url = await h.freshUrl();
    const catalog = await h.open(url);
    const library = await seedLibrary(catalog);

    const other = spawnChild('holdLease.ts', [url, library.id, 'other-host', String(LONG)]);
    const replies = messages(other);
    const next = async (command?: string): Promise<Record<string, unknown>> => {
      if (command !== undefined) other.stdin.write(`${command}\n`);
      const reply = await replies.next();
      assert.ok(reply.done !== true, 'the other manager exited');
      return reply.value as Record<string, unknown>;
    };
    const theirs = (await next()) as LeaseAttempt;
    const theirLease = held(theirs);

    const refused = await catalog.leases.acquire(library.id, 'this-host', LONG);
    assert.equal(refused.acquired, false);
    assert.deepEqual(refused.acquired === false && [refused.ownerId, refused.expiresAt], ['other-host', theirLease.expiresAt]);
    assert.equal((await next('renew')).renewed, true);
    assert.deepEqual(await next('release'), { released: true });

    const ours = held(await catalog.leases.acquire(library.id, 'this-host', LONG));
    assert.ok(ours.fencingKey > theirLease.fencingKey);
    const theirRetry = (await next('acquire')) as LeaseAttempt;
    assert.equal(theirRetry.acquired, false);
    assert.equal(theirRetry.acquired === false && theirRetry.ownerId, 'this-host');
    other.stdin.end('exit\n');
    await once(other, 'exit');

    // Now another manager takes the lease and dies without releasing it. Its time-to-live leaves
    // a wide margin for the refusal below on a loaded machine; only the takeover waits for it.
    assert.equal(await catalog.leases.release(ours), true);
    const crashTtl = 2000;
    const crasher = spawnChild('holdLease.ts', [url, library.id, 'crashing-host', String(crashTtl)]);
    const crasherReplies = messages(crasher);
    const crashed = held((await crasherReplies.next()).value as LeaseAttempt);
    assert.ok(crashed.fencingKey > ours.fencingKey);
    crasher.stdin.write('crash\n');
    const [code] = (await once(crasher, 'exit')) as [number];
    assert.equal(code, 3);
    assert.equal((await catalog.leases.acquire(library.id, 'this-host', LONG)).acquired, false, 'taken over before the crashed lease expired');
    await sleep(crashTtl + 100);
    const takeover = held(await catalog.leases.acquire(library.id, 'this-host', LONG));
    assert.ok(takeover.fencingKey > crashed.fencingKey);
    assert.equal(takeover.ownerId, 'this-host');
  });
});
