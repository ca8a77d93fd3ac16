// Listing media (Media.list): read along the listing index and as arrays of column values, it must
// answer exactly what reading each medium alone answers, in (library, barcode, id) order, page by
// page without gap or overlap, and never show a transaction's work before it commits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeptMedia, type Catalog, type Medium } from '../../../../src/rsm/catalog/index.ts';
import { forEachEngine } from './engines.ts';
import { seedLibrary } from './fixtures.ts';

/** Media of every shape a row can take: two-sided, cleaner, labelled, mounted, disabled, outside, barcode-less. */
async function assortedMedia(catalog: Catalog): Promise<Medium[]> {
  const library = await seedLibrary(catalog, 'lib0', 20);
  const other = await seedLibrary(catalog, 'lib1', 20);
  const add = (libraryId: string, barcode: string | null, index: number | null, extra: object = {}): Promise<Medium> =>
    catalog.media.add({ libraryId, barcode, location: index === null ? { type: 'outside' } : { type: 'slot', index }, ...extra });
  const added = [
    await add(library.id, 'C00003L8', 3, { pool: 'free' }),
    await add(library.id, 'A00001L8', 1),
    await add(library.id, 'UDO0001A', 2, { alternateBarcode: 'UDO0001B', sides: 2, facingSide: 1 }),
    await add(library.id, 'CLN001L1', 4),
    await add(library.id, null, 5),
    await add(library.id, 'B00002L8', null),
    await add(other.id, 'A00001L8', 0),
    await add(other.id, 'Z00009L8', 9, { pool: 'free' }),
  ];
  const [labelled, mounted, disabled] = added;
  await catalog.media.identify(labelled?.id ?? '', { type: 'ansi', id: 'VOL003' });
  await catalog.media.recordMount(mounted?.id ?? '');
  await catalog.media.recordError(mounted?.id ?? '');
  await catalog.media.setEnabled(disabled?.id ?? '', false);
  return added;
}

forEachEngine('listing media', (h) => {
  test('a listing answers every field of every medium as reading it alone does, in library then barcode order', async () => {
    const catalog = await h.open();
    const added = await assortedMedia(catalog);
    const listed = await catalog.media.list();
    const alone = await Promise.all(listed.map((m) => catalog.media.get(m.id)));
    assert.deepEqual(listed, alone);
    assert.equal(listed.length, added.length);
    for (const libraryId of new Set(listed.map((m) => m.libraryId))) {
      const barcodes = listed.filter((m) => m.libraryId === libraryId && m.barcode !== null).map((m) => m.barcode ?? '');
      assert.deepEqual(barcodes, [...barcodes].sort());
    }
    // Libraries come one after the other, never interleaved.
    const libraries = listed.map((m) => m.libraryId).filter((id, n, all) => n === 0 || all[n - 1] !== id);
    assert.equal(new Set(libraries).size, libraries.length);
  });

  test('a library counts the media in its elements, not those outside it nor another library’s', async () => {
    const catalog = await h.open();
    const [first] = await assortedMedia(catalog);
    const lib0 = first?.libraryId ?? '';
    const lib1 = (await catalog.libraries.list()).find((l) => l.id !== lib0)?.id ?? '';
    assert.deepEqual([await catalog.media.countInside(lib0), await catalog.media.countInside(lib1), await catalog.media.countInside('no-such-library')], [5, 2, 0]);
  });

  test('pages of limit and offset cover the listing exactly once, also under a filter', async () => {
    const catalog = await h.open();
    await assortedMedia(catalog);
    const all = await catalog.media.list();
    for (const limit of [1, 3, 5]) {
      const pages: Medium[] = [];
      for (let offset = 0; offset < all.length + limit; offset += limit) pages.push(...(await catalog.media.list({ limit, offset })));
      assert.deepEqual(pages.map((m) => m.id), all.map((m) => m.id), `limit ${limit}`);
    }
    const library = all[0]?.libraryId ?? '';
    const inLibrary = all.filter((m) => m.libraryId === library);
    assert.deepEqual((await catalog.media.list({ libraryId: library, limit: 2, offset: 1 })).map((m) => m.id), inLibrary.slice(1, 3).map((m) => m.id));
    assert.deepEqual((await catalog.media.list({ offset: all.length - 2 })).map((m) => m.id), all.slice(-2).map((m) => m.id));
    assert.deepEqual(await catalog.media.list({ limit: 5, offset: all.length }), []);
  });

  test('inside a transaction a listing sees that transaction’s own media and sides', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const listed = await catalog.transaction(async (tx) => {
      const disc = await tx.media.add({ libraryId: library.id, barcode: 'UDO0002A', alternateBarcode: 'UDO0002B', sides: 2, location: { type: 'slot', index: 0 } });
      const media = await tx.media.list({ libraryId: library.id });
      return { media, sides: await tx.media.sidesOf(media.map((m) => m.id)), disc };
    });
    assert.deepEqual(listed.media, [listed.disc]);
    assert.deepEqual(listed.sides.get(listed.disc.id)?.map((s) => [s.side, s.state]), [
      [0, 'foreign'],
      [1, 'foreign'],
    ]);
    assert.deepEqual(await catalog.media.list(), [listed.disc]);
  });

  test('a listing asked for while a transaction is open never shows that transaction’s work, which then rolls back', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    let added!: () => void;
    const inside = new Promise<void>((resolve) => (added = resolve));
    const failed = catalog.transaction(async (tx) => {
      await tx.media.add({ libraryId: library.id, barcode: 'GONE01L8', location: { type: 'slot', index: 0 } });
      added();
      // Give the listing every chance to run while this transaction is still open (on SQLite it
      // must wait for the one connection; on PostgreSQL it reads what is committed).
      for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
      throw new Error('rolled back on purpose');
    });
    await inside;
    const listing = catalog.media.list();
    await assert.rejects(failed, /rolled back on purpose/);
    assert.deepEqual(await listing, []);
  });

  test('a listing through kept media answers what list and sidesOf do, the same objects for media read again unchanged and new ones for a changed medium or side', async () => {
    const catalog = await h.open();
    await assortedMedia(catalog);
    const kept = new KeptMedia();
    const first = await catalog.media.listing({}, kept);
    const all = await catalog.media.list();
    assert.deepEqual(first.media, all);
    assert.deepEqual(new Map([...first.sides].map(([id, sides]) => [id, [...sides]])), await catalog.media.sidesOf(all.map((m) => m.id)));
    const poolNames = new Map((await catalog.pools.list()).map((p) => [p.id, p.name]));
    assert.deepEqual(first.poolNames, new Map(all.map((m) => [m.id, m.poolId === null ? null : poolNames.get(m.poolId)])));
    assert.ok([...first.poolNames.values()].includes(null) && [...first.poolNames.values()].some((name) => name !== null));
    const disc = all.find((m) => m.sideCount === 2);
    const worn = all.find((m) => m.sideCount === 1 && m.barcode !== null);
    assert.ok(disc !== undefined && worn !== undefined);

    await catalog.media.recordError(worn.id);
    await catalog.media.setSideState(disc.id, 1, 'complete');
    const second = await catalog.media.listing({}, kept);
    const changed = (m: Medium): string => `${m.barcode ?? '-'}: ${second.media.find((n) => n.id === m.id) === m ? 'same' : 'new'} medium, ${second.sides.get(m.id) === first.sides.get(m.id) ? 'same' : 'new'} sides`;
    assert.deepEqual(first.media.map(changed), first.media.map((m) => `${m.barcode ?? '-'}: ${m.id === worn.id ? 'new' : 'same'} medium, ${m.id === disc.id ? 'new' : 'same'} sides`));
    assert.equal(second.media.find((m) => m.id === worn.id)?.errorCount, worn.errorCount + 1);
    assert.deepEqual(second.sides.get(disc.id)?.map((s) => s.state), ['foreign', 'complete']);

    // A page holds its media's sides, by the same filter and order as list.
    const page = await catalog.media.listing({ limit: 2, offset: 1 }, kept);
    assert.deepEqual(page.media.map((m) => m.id), all.slice(1, 3).map((m) => m.id));
    assert.deepEqual([...page.sides.keys()], all.slice(1, 3).map((m) => m.id));
    for (const medium of page.media) assert.equal(page.sides.get(medium.id), second.sides.get(medium.id));
  });
});
