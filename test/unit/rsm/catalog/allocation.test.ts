import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCatalogError } from '../../../../src/rsm/catalog/index.ts';
import { runTogether } from './children/run.ts';
import { forEachEngine } from './engines.ts';
import { addTapes, seedLibrary } from './fixtures.ts';

forEachEngine('pools and allocation', (h) => {
  test('new media land in the pool their label calls for; system pools exist once per media type', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const data = await catalog.media.add({ libraryId: library.id, barcode: 'DATA01L8', location: { type: 'slot', index: 0 } });
    const odd = await catalog.media.add({ libraryId: library.id, barcode: 'ODDLABEL', location: { type: 'slot', index: 1 } });
    const cleaner = await catalog.media.add({ libraryId: library.id, barcode: 'CLN001CU', location: { type: 'slot', index: 9 } });
    const ltoPools = await catalog.pools.ensureSystemPools('LTO-8');
    assert.equal(data.poolId, ltoPools.import.id);
    assert.deepEqual((await catalog.media.sides(data.id)).map((s) => s.state), ['import']);
    const unknown = await catalog.pools.systemPool('unrecognized', 'unknown');
    assert.equal(odd.poolId, unknown.id);
    assert.deepEqual((await catalog.media.sides(odd.id)).map((s) => s.state), ['foreign']);
    assert.deepEqual([cleaner.mediaType, cleaner.poolId, cleaner.cleanerUsesRemaining], ['LTO-CLEANER', null, -1]);
    assert.equal(ltoPools.free.name, 'Free/LTO-8');
    assert.equal((await catalog.pools.ensureSystemPools('LTO-8')).free.id, ltoPools.free.id);
    // Import media may only go to the free pool, and become available there.
    const app = await catalog.pools.createApplicationPool({ name: 'Backups', mediaType: 'LTO-8' });
    await assert.rejects(catalog.media.moveToPool(data.id, app.id), (err) => isCatalogError(err, 'INVALID_MEDIA_POOL'));
    await assert.rejects(catalog.media.moveToPool(odd.id, ltoPools.free.id), (err) => isCatalogError(err, 'MEDIA_INCOMPATIBLE'));
    const freed = await catalog.media.moveToPool(data.id, ltoPools.free.id);
    assert.equal(freed.poolId, ltoPools.free.id);
    assert.deepEqual((await catalog.media.sides(data.id)).map((s) => s.state), ['available']);
    await assert.rejects(catalog.pools.delete(ltoPools.free.id), (err) => isCatalogError(err, 'INVALID_MEDIA_POOL'));
    await assert.rejects(catalog.pools.createApplicationPool({ name: 'Backups', mediaType: 'LTO-8' }), (err) => isCatalogError(err, 'ALREADY_EXISTS'));
  });

  test('allocation takes scratch media into the application pool; deallocation returns them', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    await addTapes(catalog, library, 3, 'free');
    const pool = await catalog.pools.createApplicationPool({ name: 'Nightly', mediaType: 'LTO-8' });
    const free = await catalog.pools.systemPool('free', 'LTO-8');
    const first = await catalog.media.allocate(pool.id, { application: 'backup' });
    assert.equal(first.medium.poolId, pool.id);
    assert.equal(first.allocatedFrom, free.id);
    assert.deepEqual([first.side.state, first.side.allocationCount, first.side.application], ['allocated', 1, 'backup']);
    const others = [await catalog.media.allocate(pool.id), await catalog.media.allocate(pool.id)];
    assert.equal(new Set([first, ...others].map((a) => a.medium.barcode)).size, 3);
    await assert.rejects(catalog.media.allocate(pool.id), (err) => isCatalogError(err, 'MEDIA_UNAVAILABLE'));
    await assert.rejects(catalog.pools.delete(pool.id), (err) => isCatalogError(err, 'POOL_NOT_EMPTY'));
    const back = await catalog.media.deallocate(first.medium.id);
    assert.equal(back.poolId, free.id);
    assert.deepEqual((await catalog.media.sides(first.medium.id)).map((s) => s.state), ['available']);
    await assert.rejects(catalog.media.deallocate(first.medium.id), (err) => isCatalogError(err, 'INVALID_STATE'));
    const again = await catalog.media.allocate(pool.id);
    assert.equal(again.medium.id, first.medium.id);
    assert.equal(again.side.allocationCount, 2);
  });

  test('pool policies: no draw from scratch, keep on deallocation, decommission after max allocations', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const [tape] = await addTapes(catalog, library, 1, 'free');
    const pool = await catalog.pools.createApplicationPool({ name: 'Archive', mediaType: 'LTO-8', allocateFromScratch: false, deallocateToScratch: false, maxAllocations: 2 });
    await assert.rejects(catalog.media.allocate(pool.id), (err) => isCatalogError(err, 'MEDIA_UNAVAILABLE'));
    await catalog.media.moveToPool(tape?.id ?? '', pool.id);
    await catalog.media.allocate(pool.id);
    assert.equal((await catalog.media.deallocate(tape?.id ?? '')).poolId, pool.id);
    await catalog.media.allocate(pool.id);
    await catalog.media.deallocate(tape?.id ?? '');
    assert.deepEqual((await catalog.media.sides(tape?.id ?? '')).map((s) => s.state), ['decommissioned']);
    await assert.rejects(catalog.media.allocate(pool.id), (err) => isCatalogError(err, 'MEDIA_UNAVAILABLE'));
  });

  test('a named import medium is allocated in one step; media outside the library come last', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const [imported] = await addTapes(catalog, library, 1, 'import', 'I');
    const shelf = await catalog.media.add({ libraryId: library.id, barcode: 'SHELF1L8', location: { type: 'outside' }, pool: 'free' });
    const inLibrary = await catalog.media.add({ libraryId: library.id, barcode: 'ZLAST1L8', location: { type: 'slot', index: 5 }, pool: 'free' });
    const pool = await catalog.pools.createApplicationPool({ name: 'Restore', mediaType: 'LTO-8' });
    const one = await catalog.media.allocate(pool.id, { mediumId: imported?.id ?? '' });
    assert.equal(one.medium.id, imported?.id);
    const next = await catalog.media.allocate(pool.id);
    assert.equal(next.medium.id, inLibrary.id);
    const last = await catalog.media.allocate(pool.id);
    assert.equal(last.medium.id, shelf.id);
  });

  test('two managers allocating at once in one process never get the same medium', async () => {
    const url = await h.freshUrl();
    const first = await h.open(url);
    const second = h.engine === 'postgres' ? await h.open(url) : first;
    const library = await seedLibrary(first);
    await addTapes(first, library, 8, 'free');
    const pool = await first.pools.createApplicationPool({ name: 'Race', mediaType: 'LTO-8' });
    const attempts = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? first : second).media.allocate(pool.id));
    const results = await Promise.allSettled(attempts);
    const got = results.filter((r): r is PromiseFulfilledResult<Awaited<(typeof attempts)[number]>> => r.status === 'fulfilled').map((r) => r.value.medium.barcode);
    assert.equal(got.length, 8);
    assert.equal(new Set(got).size, 8, `duplicates in ${got.join(', ')}`);
    for (const r of results) if (r.status === 'rejected') assert.ok(isCatalogError(r.reason, 'MEDIA_UNAVAILABLE'), String(r.reason));
  });

  test('two processes allocating scratch media at once never get the same medium', async () => {
    const url = await h.freshUrl();
    const catalog = await h.open(url);
    const library = await seedLibrary(catalog, 'lib0', 40);
    const tapes = await addTapes(catalog, library, 30, 'free');
    const pool = await catalog.pools.createApplicationPool({ name: 'Race', mediaType: 'LTO-8' });
    const [a = [], b = []] = await runTogether<string[]>('allocateScratch.ts', [
      [url, pool.id, '20', 'a'],
      [url, pool.id, '20', 'b'],
    ]);
    const all = [...a, ...b];
    assert.equal(all.length, tapes.length, `a got ${a.length}, b got ${b.length}`);
    assert.equal(new Set(all).size, all.length, `the same medium went to both: ${a.filter((x) => b.includes(x)).join(', ')}`);
    const sides = await Promise.all(tapes.map((t) => catalog.media.sides(t.id)));
    assert.ok(sides.every((s) => s[0]?.state === 'allocated' && s[0].allocationCount === 1));
  });

  test('mount counts, errors and cleaner uses are tracked', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const [tape] = await addTapes(catalog, library, 1, 'free');
    await catalog.media.recordMount(tape?.id ?? '');
    await catalog.media.recordMount(tape?.id ?? '');
    await catalog.media.recordError(tape?.id ?? '');
    const worn = await catalog.media.get(tape?.id ?? '');
    assert.deepEqual([worn.mountCount, worn.errorCount, worn.lastMountedAt !== null], [2, 1, true]);
    assert.equal((await catalog.media.sides(worn.id))[0]?.mountCount, 2);
    const cleaner = await catalog.media.add({ libraryId: library.id, barcode: 'CLN002CU', location: { type: 'slot', index: 9 }, cleanerUsesRemaining: 2 });
    assert.equal(await catalog.media.useCleaner(cleaner.id), 1);
    assert.equal(await catalog.media.useCleaner(cleaner.id), 0);
    await assert.rejects(catalog.media.useCleaner(cleaner.id), (err) => isCatalogError(err, 'INVALID_STATE'));
    await assert.rejects(catalog.media.useCleaner(worn.id), (err) => isCatalogError(err, 'INVALID_PARAMETER'));
    await catalog.media.delete(cleaner.id);
    assert.equal(await catalog.media.findByBarcode(library.id, 'CLN002CU'), undefined);
  });
});
