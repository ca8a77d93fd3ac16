// GET /v1/media keeps its answers while the catalog is unchanged (routes/listingCache.ts): asked
// again it gives the same bytes, and any change — through this manager or through another
// connection to the catalog, as another manager or the CLI would make — shows in the next answer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Catalog } from '../../../src/rsm/catalog/index.ts';
import type { MediumView } from '../../../src/rsm/service.ts';
import { forEachEngine, LIBRARY } from './apiHarness.ts';

forEachEngine('media listings while the catalog changes', (h) => {
  test('a listing asked again is the same bytes; a change by this manager or another connection shows in the next one', async () => {
    const api = await h.start();
    const first = await api.reader.get<MediumView[]>('/v1/media?limit=5');
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(first.body.length, 5);
    const again = await api.reader.get<MediumView[]>('/v1/media?limit=5');
    assert.equal(again.text, first.text);
    const at = first.body.findIndex((m) => m.barcode !== null);
    const medium = first.body[at];
    assert.equal(medium?.enabled, true);

    const disabled = await api.operator.post(`/v1/libraries/${LIBRARY}/media/${medium?.barcode ?? ''}/disable`, { reason: 'worn out' });
    assert.equal(disabled.status, 200, disabled.text);
    assert.deepEqual(
      (await api.reader.get<MediumView[]>('/v1/media?limit=5')).body.map((m) => m.enabled),
      first.body.map((_, n) => n !== at),
    );

    const other = await Catalog.open(api.catalogUrl);
    try {
      await other.media.setEnabled(medium?.id ?? '', true);
      await other.media.recordError(medium?.id ?? '');
    } finally {
      await other.close();
    }
    const after = (await api.reader.get<MediumView[]>('/v1/media?limit=5')).body[at];
    assert.deepEqual([after?.barcode, after?.enabled, after?.errorCount], [medium?.barcode, true, (medium?.errorCount ?? 0) + 1]);
    // Another query is its own answer: the whole list still names every medium.
    assert.equal((await api.reader.get<MediumView[]>('/v1/media')).body.length > 5, true);
  });

  test('a change to one medium shows in the next full list and in the page that holds it, and nothing else in them changes', async () => {
    const api = await h.start();
    const full = await api.reader.get<MediumView[]>('/v1/media');
    const at = full.body.findIndex((m, n) => n > 2 && m.barcode !== null);
    const medium = full.body[at];
    assert.ok(medium !== undefined);
    const pagePath = `/v1/media?limit=3&offset=${at - 1}`;
    const page = await api.reader.get<MediumView[]>(pagePath);
    assert.deepEqual(page.body[1], medium);

    // A side's state and the error count: neither is a column the medium's own row shows as changed by the API.
    const other = await Catalog.open(api.catalogUrl);
    try {
      await other.media.setSideState(medium.id, 0, 'reserved');
      await other.media.recordError(medium.id);
    } finally {
      await other.close();
    }
    const fullAfter = await api.reader.get<MediumView[]>('/v1/media');
    const updatedAt = fullAfter.body[at]?.updatedAt ?? 0;
    assert.ok(updatedAt >= medium.updatedAt);
    const changed = { ...medium, errorCount: medium.errorCount + 1, updatedAt, sides: medium.sides.map((s) => (s.side === 0 ? { ...s, state: 'reserved' as const } : s)) };
    assert.deepEqual(fullAfter.body, full.body.map((m, n) => (n === at ? changed : m)));
    assert.deepEqual((await api.reader.get<MediumView[]>(pagePath)).body, page.body.map((m, n) => (n === 1 ? changed : m)));
    // The same bytes a manager that never listed before gives: texts kept for unchanged media are what serializing them gives.
    await api.stop();
    const fresh = await h.start({ catalogUrl: api.catalogUrl, libraryDir: api.libraryDir });
    assert.equal((await fresh.reader.get('/v1/media')).text, fullAfter.text);
  });

  test('pages asked all at once right after a change are the pages of the whole list under that change', async () => {
    const api = await h.start();
    const before = (await api.reader.get<MediumView[]>('/v1/media')).body;
    const medium = before.find((m, n) => n >= 3 && m.barcode !== null);
    assert.ok(medium !== undefined && before.length >= 7);
    const disabled = await api.operator.post(`/v1/libraries/${LIBRARY}/media/${medium.barcode ?? ''}/disable`, { reason: 'worn out' });
    assert.equal(disabled.status, 200, disabled.text);
    // Several pages read afresh at once are cut from one read of the whole list (routes/wholeListing.ts).
    const offsets = [0, 3, 6, before.length, before.length - 1];
    const pages = await Promise.all(offsets.map((offset) => api.reader.get<MediumView[]>(`/v1/media?limit=3&offset=${offset}`)));
    const whole = await api.reader.get<MediumView[]>('/v1/media');
    assert.equal(whole.body.find((m) => m.id === medium.id)?.enabled, false);
    assert.deepEqual(
      pages.map((page) => [page.status, page.body]),
      offsets.map((offset) => [200, whole.body.slice(offset, offset + 3)]),
    );
    // The same bytes as serializing the page: the page at offset 0 is the whole list's first three texts.
    assert.equal(pages[0]?.text, JSON.stringify(JSON.parse(whole.text).slice(0, 3)));
  });
});
