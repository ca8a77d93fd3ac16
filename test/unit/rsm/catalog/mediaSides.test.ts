import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachEngine } from './engines.ts';
import { seedLibrary } from './fixtures.ts';

forEachEngine('sides of many media at once', (h) => {
  test('sidesOf answers each medium its own sides in side order, across the chunks of ids it queries in', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const tape = await catalog.media.add({ libraryId: library.id, barcode: 'DATA01L8', location: { type: 'slot', index: 0 } });
    const disc = await catalog.media.add({ libraryId: library.id, barcode: 'UDO0001A', alternateBarcode: 'UDO0001B', sides: 2, location: { type: 'slot', index: 1 } });
    // 900 ids the catalog does not know fill the first chunk, so the known ones are read in the second.
    const unknown = Array.from({ length: 900 }, (_, n) => `no-such-medium-${n}`);
    const sides = await catalog.media.sidesOf([...unknown, disc.id, tape.id]);
    assert.deepEqual([...sides.keys()].sort(), [disc.id, tape.id].sort());
    assert.deepEqual(sides.get(disc.id), await catalog.media.sides(disc.id));
    assert.deepEqual(sides.get(disc.id)?.map((s) => s.side), [0, 1]);
    assert.deepEqual(sides.get(tape.id), await catalog.media.sides(tape.id));
    assert.deepEqual((await catalog.media.sidesOf([])).size, 0);
  });
});
