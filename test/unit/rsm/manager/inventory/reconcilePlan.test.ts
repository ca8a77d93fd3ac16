// Reconciliation as a pure plan: for any catalog and any library contents, applying the plan
// leaves one medium per full element, none where the library is empty, nothing touched where the
// library cannot see, no barcode twice, and no medium dropped.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Medium } from '../../../../../src/rsm/catalog/index.ts';
import { placeKey, type Place } from '../../../../../src/shared/place.ts';
import type { ElementObservation } from '../../../../../src/rsm/manager/inventory/observation.ts';
import { planReconciliation } from '../../../../../src/rsm/manager/inventory/reconcilePlan.ts';

const PLACES: Place[] = [
  ...Array.from({ length: 8 }, (_, i) => ({ type: 'slot' as const, index: i })),
  { type: 'drive', index: 0 },
  { type: 'drive', index: 1 },
  { type: 'ieport', index: 0 },
  { type: 'transport', index: 0 },
];
const LABELS = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6'];

function medium(id: string, barcode: string | null, where: Place | null, state: Medium['state'] = 'idle'): Medium {
  return {
    id, libraryId: 'lib', barcode, barcodeState: barcode === null ? 'unreadable' : 'ok', mediaType: 'LTO-8', sideCount: 1, alternateBarcode: null, facingSide: 0, poolId: null, state,
    location: where === null ? { type: 'outside' } : where, homeSlot: null, mountCount: 0, lastMountedAt: null, errorCount: 0,
    cleanerUsesRemaining: null, onMediaLabel: null, enabled: true, createdAt: 0, updatedAt: 0,
  };
}

function observation(place: Place, content: 'empty' | 'not-present' | { label: string | null }): ElementObservation {
  const full = typeof content === 'object';
  return {
    place,
    state: full ? 'full' : content,
    barcode: full ? content.label : null,
    unlabelled: full && content.label === null,
    sourceSlot: null,
    accessible: true,
    driveIdentity: undefined,
  };
}

/** A catalog (media at distinct places or outside, distinct barcodes) and what the library reports. */
const scenario = fc
  .record({
    catalog: fc.array(fc.record({ label: fc.option(fc.constantFrom(...LABELS), { nil: null }), at: fc.option(fc.nat(PLACES.length - 1), { nil: null }) }), { maxLength: 10 }),
    library: fc.array(fc.oneof(fc.constant<'empty'>('empty'), fc.constant<'not-present'>('not-present'), fc.record({ label: fc.option(fc.constantFrom(...LABELS, 'N1', 'N2'), { nil: null }) })), { minLength: PLACES.length, maxLength: PLACES.length }),
  })
  .map(({ catalog, library }) => {
    const usedPlaces = new Set<number>();
    const usedLabels = new Set<string>();
    const media: Medium[] = [];
    catalog.forEach((c, i) => {
      const at = c.at !== null && !usedPlaces.has(c.at) ? c.at : null;
      if (at !== null) usedPlaces.add(at);
      const label = c.label !== null && !usedLabels.has(c.label) ? c.label : null;
      if (label !== null) usedLabels.add(label);
      media.push(medium(`m${i}`, label, at === null ? null : (PLACES[at] as Place)));
    });
    return { media, observations: PLACES.map((p, i) => observation(p, library[i] as 'empty')) };
  });

test('applying a reconciliation plan conserves every cartridge and matches the library', () => {
  fc.assert(
    fc.property(scenario, ({ media, observations }) => {
      const plan = planReconciliation(media, observations);
      const where = new Map<string, string>(); // medium id → place key or 'outside'
      for (const m of media) where.set(m.id, m.location.type === 'outside' ? 'outside' : placeKey(m.location));
      for (const move of plan.moves) where.set(move.medium.id, placeKey(move.to));
      for (const d of plan.departures) where.set(d.medium.id, 'outside');
      plan.additions.forEach((a, i) => where.set(`new${i}`, placeKey(a.place)));
      const barcodeOf = new Map<string, string | null>([...media.map((m) => [m.id, m.barcode] as const), ...plan.additions.map((a, i) => [`new${i}`, a.barcode] as const)]);

      const occupants = new Map<string, string[]>();
      for (const [id, place] of where) if (place !== 'outside') occupants.set(place, [...(occupants.get(place) ?? []), id]);
      for (const o of observations) {
        const here = occupants.get(placeKey(o.place)) ?? [];
        if (o.state === 'full') {
          assert.equal(here.length, 1, `${placeKey(o.place)} is full: one medium there`);
          const barcode = barcodeOf.get(here[0] as string);
          if (o.barcode !== null && barcode !== null) assert.equal(barcode, o.barcode, 'a read label is the catalogued barcode');
        } else if (o.state === 'empty') {
          assert.equal(here.length, 0, `${placeKey(o.place)} is empty: no medium there`);
        } else {
          // What the library cannot see is left alone, unless its label shows up elsewhere.
          const seen = new Set(observations.map((x) => x.barcode).filter((b) => b !== null));
          const before = media.filter((m) => m.location.type !== 'outside' && placeKey(m.location) === placeKey(o.place) && (m.barcode === null || !seen.has(m.barcode))).map((m) => m.id);
          assert.deepEqual(here, before, 'what the library cannot see is left alone');
        }
      }
      const barcodes = [...barcodeOf.values()].filter((b) => b !== null);
      assert.equal(new Set(barcodes).size, barcodes.length, 'no barcode twice');
      assert.equal(where.size, media.length + plan.additions.length, 'no medium dropped');
      // Every label the library shows is catalogued.
      for (const o of observations) if (o.barcode !== null) assert.ok(barcodes.includes(o.barcode));
    }),
    { numRuns: 500 },
  );
});

test('moved, new, duplicate, unlabelled and missing cartridges each get their rule', () => {
  const media = [medium('a1', 'A1', { type: 'slot', index: 0 }), medium('a2', 'A2', { type: 'slot', index: 1 }), medium('a3', 'A3', { type: 'drive', index: 0 }, 'mounted'), medium('a4', 'A4', { type: 'ieport', index: 0 }), medium('a5', 'A5', { type: 'slot', index: 5 })];
  const observations = [
    observation({ type: 'slot', index: 0 }, 'empty'),
    observation({ type: 'slot', index: 1 }, { label: 'A2' }),
    observation({ type: 'slot', index: 2 }, { label: 'A1' }),
    observation({ type: 'slot', index: 3 }, { label: 'A2' }),
    observation({ type: 'slot', index: 4 }, { label: 'N1' }),
    observation({ type: 'slot', index: 5 }, { label: null }),
    observation({ type: 'slot', index: 6 }, { label: null }),
    observation({ type: 'drive', index: 0 }, 'empty'),
    observation({ type: 'ieport', index: 0 }, 'empty'),
  ];
  const plan = planReconciliation(media, observations);
  assert.deepEqual(plan.moves.map((m) => [m.medium.barcode, placeKey(m.to), m.state]), [['A1', 'slot:2', 'idle']]);
  assert.deepEqual(plan.additions.map((a) => [placeKey(a.place), a.barcode, a.why]), [['slot:3', null, 'duplicate'], ['slot:4', 'N1', 'new'], ['slot:6', null, 'unlabelled']]);
  assert.deepEqual(plan.departures.map((d) => [d.medium.barcode, placeKey(d.from), d.expected]), [['A3', 'drive:0', false], ['A4', 'ieport:0', true]]);
  assert.deepEqual(plan.unreadableLabels.map((u) => u.medium.barcode), ['A5']);
  const expected = planReconciliation(media, observations, { expectedLeaving: new Set(['a3']) });
  assert.deepEqual(expected.departures.map((d) => d.expected), [true, true]);
});
