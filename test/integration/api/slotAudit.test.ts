// A range audit of slots (ACSLS audit) through the HTTP API, on both catalog engines: the catalog is
// made wrong behind the manager's back (a second connection to the same catalog), the audit of a
// range reads the library through the class driver and corrects exactly what it found wrong there.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Catalog } from '../../../src/rsm/catalog/index.ts';
import type { MediumView, RequestView } from '../../../src/rsm/service.ts';
import { forEachEngine, LIBRARY } from './apiHarness.ts';

const LIB = `/v1/libraries/${LIBRARY}`;

forEachEngine('API slot audit', (h) => {
  test('an audit of a range finds a tape the catalog misplaced, puts it back where the library has it, and says so', async () => {
    const api = await h.start();
    // Behind the manager's back: the catalog says A00001L8 is in slot index 22 (slot:23), where nothing is.
    const catalog = await Catalog.open(api.catalogUrl);
    try {
      const library = await catalog.libraries.findByName(LIBRARY);
      const tape = await catalog.media.findByBarcode(library?.id ?? '', 'A00001L8');
      await catalog.media.place(tape?.id ?? '', { type: 'slot', index: 22 }, { state: 'idle', setHome: true });
    } finally {
      await catalog.close();
    }
    assert.deepEqual((await api.reader.get<MediumView>(`${LIB}/media/A00001L8`)).body.location, { type: 'slot', index: 22 });

    const clean = await api.operator.post<RequestView>(`${LIB}/audit?wait=20000`, { from: 1, to: 3 });
    assert.equal(clean.status, 200, clean.text);
    assert.deepEqual([clean.body.kind, clean.body.state, clean.body.options, clean.body.history.at(-1)?.note],
      ['inventory', 'completed', { mode: 'audit', slots: { from: 1, to: 3 } }, 'audit of slot:2–slot:4: 3 full, 0 empty; the catalog was right']);

    // Only the audited slots are reconciled: the misplaced tape outside them is left as the catalog has it.
    assert.deepEqual((await api.reader.get<MediumView>(`${LIB}/media/A00001L8`)).body.location, { type: 'slot', index: 22 });

    const audit = await api.operator.post<RequestView>(`${LIB}/audit?wait=20000`, { from: 0, to: 23 });
    assert.equal(audit.body.state, 'completed', audit.text);
    assert.equal(audit.body.history.at(-1)?.note, 'audit of slot:1–slot:24: 18 full, 6 empty; corrected: slot:1 holds A00001L8 (the catalog had nothing); slot:23 holds nothing (the catalog had A00001L8)');
    assert.deepEqual((await api.reader.get<MediumView>(`${LIB}/media/A00001L8`)).body.location, { type: 'slot', index: 0 });

    assert.equal((await api.operator.post(`${LIB}/audit`, { from: 5, to: 24 })).status, 400);
    assert.equal((await api.operator.post(`${LIB}/audit`, { from: 5, to: 4 })).status, 400);
    assert.equal((await api.backup.post(`${LIB}/audit`, { from: 0, to: 1 })).status, 403);
  });
});
