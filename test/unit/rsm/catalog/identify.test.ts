// A full inventory reads what is written on media the library could not name; the catalog keeps
// that label and moves media it did not know into the pool the label calls for (NTMS behaviour).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from './engines.ts';
import { seedLibrary } from './fixtures.ts';

forEachEngine('on-media labels', (h) => {
  test('blank media become free, labelled ones import, foreign ones stay unrecognized; known media keep their pool', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const unlabelled = async (slot: number) => catalog.media.add({ libraryId: library.id, barcode: null, location: { type: 'slot', index: slot } });
    const [blank, ansi, foreign] = [await unlabelled(0), await unlabelled(1), await unlabelled(2)];
    const unknownPools = await catalog.pools.ensureSystemPools('unknown');
    assert.deepEqual([blank.poolId, blank.onMediaLabel], [unknownPools.unrecognized.id, null]);

    const b = await catalog.media.identify(blank.id, { type: 'blank', id: null });
    const a = await catalog.media.identify(ansi.id, { type: 'ansi', id: 'VOL001' });
    const f = await catalog.media.identify(foreign.id, { type: 'foreign', id: null });
    assert.deepEqual(
      [b, a, f].map((m) => [m.poolId, m.onMediaLabel?.type, m.onMediaLabel?.id]),
      [[unknownPools.free.id, 'blank', null], [unknownPools.import.id, 'ansi', 'VOL001'], [unknownPools.unrecognized.id, 'foreign', null]],
    );
    assert.deepEqual(
      [(await catalog.media.sides(b.id))[0]?.state, (await catalog.media.sides(a.id))[0]?.state, (await catalog.media.sides(f.id))[0]?.state],
      ['available', 'import', 'foreign'],
    );

    const ltoPools = await catalog.pools.ensureSystemPools('LTO-8');
    const tape = await catalog.media.add({ libraryId: library.id, barcode: 'A00001L8', location: { type: 'slot', index: 3 }, pool: 'free' });
    const read = await catalog.media.identify(tape.id, { type: 'ansi', id: 'A00001' });
    assert.deepEqual([read.poolId, read.onMediaLabel?.id, (await catalog.media.sides(tape.id))[0]?.state], [ltoPools.free.id, 'A00001', 'available']);
  });
});
