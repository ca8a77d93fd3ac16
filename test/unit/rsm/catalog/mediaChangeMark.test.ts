// The media change mark (Catalog.mediaChangeMark, migration 0007): it moves with every write to
// what a media listing shows, by this catalog or another connection, and stands while only the
// rest of the catalog changes — lease renewals, queued requests, the audit, drives — which under
// 200 paging clients had every page read afresh at each renewal and at each step of every mount.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { Catalog } from '../../../../src/rsm/catalog/index.ts';
import { forEachEngine } from './engines.ts';
import { addTapes, seedLibrary } from './fixtures.ts';

forEachEngine('media change mark', (h) => {
  test('stands while leases, requests, the audit and drives change; moves with media, sides, pools and library names, from any connection', async () => {
    const url = await h.freshUrl();
    const catalog = await h.open(url);
    const library = await seedLibrary(catalog);
    const [tape] = await addTapes(catalog, library, 2);
    assert.ok(tape !== undefined);
    const start = await catalog.mediaChangeMark();

    const lease = await catalog.leases.acquireOrThrow(library.id, 'manager-a', 30_000);
    await catalog.leases.renew(lease, 30_000);
    const request = await catalog.requests.enqueue({ libraryId: library.id, kind: 'mount', mediumId: tape.id, driveIndex: 0 });
    await catalog.transaction(async (tx) => {
      await tx.requests.claim(request.id, lease);
      await tx.audit.record({ who: { application: 'backup' }, action: 'request.mount', libraryId: library.id, target: tape.barcode });
    });
    await catalog.drives.update(library.id, 0, { state: 'mounted' });
    await catalog.requests.transition(request.id, 'completed', { driveIndex: 0 });
    await catalog.leases.release(lease);
    assert.equal(await catalog.mediaChangeMark(), start);

    const seen = new Set([start]);
    const moves = async (what: string, change: () => Promise<unknown>): Promise<void> => {
      await change();
      const mark = await catalog.mediaChangeMark();
      assert.ok(!seen.has(mark), `${what}: the mark ${mark} was seen before`);
      seen.add(mark);
    };
    await moves('a medium disabled', () => catalog.media.setEnabled(tape.id, false));
    await moves("a side's state", () => catalog.media.setSideState(tape.id, 0, 'reserved'));
    await moves('a pool created', () => catalog.pools.createApplicationPool({ name: 'Nightly', mediaType: 'LTO-8' }));
    await moves('a library renamed', () => sql`update libraries set name = 'lib9' where id = ${library.id}`.execute(catalog.kysely));
    const other = await Catalog.open(url);
    try {
      await moves('a medium changed by another connection', () => other.media.recordError(tape.id));
    } finally {
      await other.close();
    }
  });

  test('a mark read inside a transaction that rolls back is never the mark of a later change', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const [tape] = await addTapes(catalog, library, 1);
    assert.ok(tape !== undefined);
    const before = await catalog.mediaChangeMark();
    let inside = '';
    await assert.rejects(
      catalog.transaction(async (tx) => {
        await tx.media.setEnabled(tape.id, false);
        inside = await catalog.mediaChangeMark();
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    const after = await catalog.mediaChangeMark();
    await catalog.media.setEnabled(tape.id, false);
    const changed = await catalog.mediaChangeMark();
    assert.notEqual(changed, after);
    assert.notEqual(changed, before);
    assert.notEqual(changed, inside);
  });
});
