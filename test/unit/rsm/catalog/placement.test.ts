import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isCatalogError, OUTSIDE, type Catalog, type Location, type Medium } from '../../../../src/rsm/catalog/index.ts';
import { forEachEngine } from './engines.ts';
import { seedLibrary, smallLayout } from './fixtures.ts';

const SLOT = (index: number) => ({ type: 'slot', index }) as const;
const DRIVE = (index: number) => ({ type: 'drive', index }) as const;

forEachEngine('placing media', (h) => {
  test('a medium moves from a slot to a drive and back, and stays one row', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const tape = await catalog.media.add({ libraryId: library.id, barcode: 'MOVE01L8', location: SLOT(2) });
    assert.equal(tape.homeSlot, 2);
    assert.equal(tape.mediaType, 'LTO-8');
    const mounted = await catalog.media.place(tape.id, DRIVE(0), { expectFrom: SLOT(2), state: 'mounted' });
    assert.deepEqual([mounted.location, mounted.state, mounted.homeSlot], [DRIVE(0), 'mounted', 2]);
    assert.equal((await catalog.media.at(library.id, DRIVE(0)))?.barcode, 'MOVE01L8');
    assert.equal(await catalog.media.at(library.id, { type: 'slot', index: 2 }), undefined);
    const home = await catalog.media.place(tape.id, SLOT(2), { state: 'idle' });
    assert.deepEqual(home.location, SLOT(2));
    assert.equal((await catalog.media.list({ libraryId: library.id })).length, 1);
  });

  test('an occupied destination, a missing element and a wrong source are refused without moving anything', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const a = await catalog.media.add({ libraryId: library.id, barcode: 'AAAA01L8', location: SLOT(0) });
    await catalog.media.add({ libraryId: library.id, barcode: 'BBBB01L8', location: SLOT(1) });
    await assert.rejects(catalog.media.place(a.id, SLOT(1)), (err) => isCatalogError(err, 'ELEMENT_FULL') && /BBBB01L8/.test(err.message));
    await assert.rejects(catalog.media.place(a.id, SLOT(10)), (err) => isCatalogError(err, 'NO_SUCH_ELEMENT'));
    await assert.rejects(catalog.media.place(a.id, DRIVE(0), { expectFrom: SLOT(5) }), (err) => isCatalogError(err, 'INVALID_STATE'));
    await assert.rejects(catalog.media.add({ libraryId: library.id, barcode: 'CCCC01L8', location: SLOT(0) }), (err) => isCatalogError(err, 'ELEMENT_FULL'));
    assert.deepEqual((await catalog.media.get(a.id)).location, SLOT(0));
  });

  test('a barcode already catalogued is refused, and reported once as an operator request', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    await catalog.media.add({ libraryId: library.id, barcode: 'DUPE01L8', location: SLOT(0) });
    await assert.rejects(catalog.media.add({ libraryId: library.id, barcode: 'DUPE01L8', location: SLOT(5) }), (err) => isCatalogError(err, 'DUPLICATE_BARCODE') && /slot 0/.test(err.message));
    const first = await catalog.operatorRequests.reportDuplicateBarcode(library.id, 'DUPE01L8', SLOT(5), SLOT(0));
    const again = await catalog.operatorRequests.reportDuplicateBarcode(library.id, 'DUPE01L8', SLOT(5), SLOT(0));
    assert.equal(again.id, first.id);
    assert.deepEqual([first.kind, first.state, first.reason], ['move-media', 'submitted', 'duplicate-barcode']);
    assert.equal((await catalog.operatorRequests.list({ libraryId: library.id, openOnly: true })).length, 1);
    // Once resolved, the same finding is raised afresh.
    await catalog.operatorRequests.complete(first.id, 'operator');
    const later = await catalog.operatorRequests.reportDuplicateBarcode(library.id, 'DUPE01L8', SLOT(5), SLOT(0));
    assert.notEqual(later.id, first.id);
    // Another library may use the same label.
    const other = await seedLibrary(catalog, 'lib1');
    await catalog.media.add({ libraryId: other.id, barcode: 'DUPE01L8', location: SLOT(0) });
  });

  test('an exchange swaps two media atomically; a set of moves lands together or not at all', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const a = await catalog.media.add({ libraryId: library.id, barcode: 'SWAP01L8', location: SLOT(0) });
    const b = await catalog.media.add({ libraryId: library.id, barcode: 'SWAP02L8', location: DRIVE(0) });
    const c = await catalog.media.add({ libraryId: library.id, barcode: 'SWAP03L8', location: SLOT(4) });
    const [a2, b2] = await catalog.media.placeMany([
      { mediumId: a.id, to: DRIVE(0) },
      { mediumId: b.id, to: SLOT(0) },
    ]);
    assert.deepEqual([a2?.location, b2?.location], [DRIVE(0), SLOT(0)]);
    // The second move collides with c, so the first must not happen either.
    await assert.rejects(
      catalog.media.placeMany([
        { mediumId: a.id, to: SLOT(7) },
        { mediumId: b.id, to: SLOT(4) },
      ]),
      (err) => isCatalogError(err, 'ELEMENT_FULL'),
    );
    assert.deepEqual((await catalog.media.get(a.id)).location, DRIVE(0));
    await assert.rejects(
      catalog.media.placeMany([
        { mediumId: a.id, to: SLOT(8) },
        { mediumId: c.id, to: SLOT(8) },
      ]),
      (err) => isCatalogError(err, 'INVALID_PARAMETER'),
    );
    const ejected = await catalog.media.place(c.id, OUTSIDE);
    assert.deepEqual(ejected.location, OUTSIDE);
  });

  test('two managers placing different media into one empty slot: exactly one wins', async () => {
    const url = await h.freshUrl();
    const first = await h.open(url);
    // On SQLite one process shares one catalog (its writes are serialised anyway).
    const second = h.engine === 'postgres' ? await h.open(url) : first;
    const library = await seedLibrary(first);
    const a = await first.media.add({ libraryId: library.id, barcode: 'RACE01L8', location: SLOT(0) });
    const b = await first.media.add({ libraryId: library.id, barcode: 'RACE02L8', location: SLOT(1) });
    for (let round = 0; round < 5; round++) {
      const target = SLOT(5 + round);
      const results = await Promise.allSettled([first.media.place(a.id, target), second.media.place(b.id, target)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      assert.equal(won.length, 1, `round ${round}: ${JSON.stringify(results.map((r) => r.status))}`);
      for (const r of results) if (r.status === 'rejected') assert.ok(isCatalogError(r.reason, 'ELEMENT_FULL'), String(r.reason));
      // Reset for the next round: whoever won goes back.
      const winner = (won[0] as PromiseFulfilledResult<Medium>).value;
      await first.media.place(winner.id, winner.id === a.id ? SLOT(0) : SLOT(1));
    }
  });

  test('two managers moving the same medium from the same place: the compare-and-set lets one through', async () => {
    const url = await h.freshUrl();
    const first = await h.open(url);
    const second = h.engine === 'postgres' ? await h.open(url) : first;
    const library = await seedLibrary(first);
    const tape = await first.media.add({ libraryId: library.id, barcode: 'CAS001L8', location: SLOT(0) });
    for (let round = 0; round < 5; round++) {
      const results = await Promise.allSettled([
        first.media.place(tape.id, DRIVE(0), { expectFrom: SLOT(0) }),
        second.media.place(tape.id, DRIVE(1), { expectFrom: SLOT(0) }),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1, JSON.stringify(results.map((r) => r.status)));
      for (const r of results) if (r.status === 'rejected') assert.ok(isCatalogError(r.reason, 'INVALID_STATE'), String(r.reason));
      await first.media.place(tape.id, SLOT(0));
    }
  });

  test('property: random placements never put a barcode in two places or nowhere, nor two media in one element', async () => {
    const catalog = await h.open();
    const elements: Location[] = [
      { type: 'transport', index: 0 },
      ...[0, 1, 2, 3, 4, 5].map(SLOT),
      { type: 'ieport', index: 0 },
      { type: 'ieport', index: 1 },
      DRIVE(0),
      DRIVE(1),
      OUTSIDE,
      // Not in the layout: must always be refused.
      SLOT(40),
    ];
    const barcodes = ['P00001L8', 'P00002L8', 'P00003L8', 'P00004L8', 'P00005L8', 'CLN001CU'];
    const location = fc.constantFrom(...elements);
    const barcode = fc.constantFrom(...barcodes);
    const command = fc.oneof(
      fc.record({ op: fc.constant('add' as const), barcode, to: location }),
      fc.record({ op: fc.constant('place' as const), barcode, to: location }),
      fc.record({ op: fc.constant('many' as const), moves: fc.array(fc.record({ barcode, to: location }), { minLength: 2, maxLength: 3 }) }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 20 }), async (commands) => {
        run += 1;
        const layout = smallLayout(`prop${run}`, 6);
        const library = await catalog.libraries.upsert(layout);
        const model = new Map<string, Location>();
        const key = (l: Location): string => (l.type === 'outside' ? 'outside' : `${l.type}/${l.index}`);
        const exists = (l: Location): boolean => l.type === 'outside' || !(l.type === 'slot' && l.index >= 6);
        const occupant = (l: Location): string | undefined => (l.type === 'outside' ? undefined : [...model].find(([, at]) => key(at) === key(l))?.[0]);
        for (const c of commands) {
          if (c.op === 'add') {
            const expected = model.has(c.barcode) ? 'DUPLICATE_BARCODE' : !exists(c.to) ? 'NO_SUCH_ELEMENT' : occupant(c.to) !== undefined ? 'ELEMENT_FULL' : 'ok';
            const outcome = await catalog.media.add({ libraryId: library.id, barcode: c.barcode, location: c.to }).then(
              () => 'ok',
              (err: unknown) => (isCatalogError(err) ? err.code : String(err)),
            );
            assert.equal(outcome, expected, `add ${c.barcode} to ${key(c.to)}`);
            if (outcome === 'ok') model.set(c.barcode, c.to);
          } else {
            const moves = c.op === 'place' ? [{ barcode: c.barcode, to: c.to }] : c.moves;
            if (moves.some((m) => !model.has(m.barcode))) continue;
            const ids = await Promise.all(moves.map(async (m) => (await catalog.media.findByBarcode(library.id, m.barcode))?.id ?? ''));
            const moving = new Set(moves.map((m) => m.barcode));
            const inside = moves.filter((m) => m.to.type !== 'outside').map((m) => key(m.to));
            const expected =
              moving.size !== moves.length || new Set(inside).size !== inside.length
                ? 'INVALID_PARAMETER'
                : moves.some((m) => !exists(m.to))
                  ? 'NO_SUCH_ELEMENT'
                  : moves.some((m) => {
                        const there = occupant(m.to);
                        return there !== undefined && !moving.has(there);
                      })
                    ? 'ELEMENT_FULL'
                    : 'ok';
            const outcome = await catalog.media.placeMany(moves.map((m, i) => ({ mediumId: ids[i] ?? '', to: m.to }))).then(
              () => 'ok',
              (err: unknown) => (isCatalogError(err) ? err.code : String(err)),
            );
            assert.equal(outcome, expected, JSON.stringify(moves));
            if (outcome === 'ok') for (const m of moves) model.set(m.barcode, m.to);
          }
          await assertConserved(catalog, library.id, model, key);
        }
      }),
      { numRuns: h.engine === 'postgres' ? 40 : 80 },
    );
  });
});

async function assertConserved(catalog: Catalog, libraryId: string, model: Map<string, Location>, key: (l: Location) => string): Promise<void> {
  const media = await catalog.media.list({ libraryId });
  const seen = media.map((m) => m.barcode ?? '');
  assert.equal(new Set(seen).size, seen.length, 'a barcode appears twice');
  assert.deepEqual(new Set(seen), new Set(model.keys()), 'a barcode went missing or appeared');
  const occupied = media.filter((m) => m.location.type !== 'outside').map((m) => key(m.location));
  assert.equal(new Set(occupied).size, occupied.length, 'two media share an element');
  for (const m of media) assert.equal(key(m.location), key(model.get(m.barcode ?? '') ?? OUTSIDE), `${m.barcode ?? ''} is not where it was put`);
}
