// Two-sided optical media through the HTTP API, on both catalog engines: the optical jukebox
// profile's UDO cartridges are catalogued with two sides (side B's tag the alternate), a mount of
// side B turns the cartridge over on its way into the drive (MOVE MEDIUM with INVERT), and the
// library's volume tags afterwards — primary tag now side B's — still name the same medium.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MediumView, RequestView } from '../../../src/rsm/service.ts';
import { forEachEngine, LIBRARY } from './apiHarness.ts';

const MEDIUM = `/v1/libraries/${LIBRARY}/media`;

forEachEngine('API two-sided media', (h) => {
  test('UDO cartridges have two sides; mounting side B flips it, mounting side A flips it back; an inventory finds the same media whichever side is up', async () => {
    const api = await h.start({ profile: 'jukebox-optical' });
    const udo = async (): Promise<MediumView> => (await api.reader.get<MediumView>(`${MEDIUM}/UDO0001A`)).body;
    const first = await udo();
    assert.deepEqual([first.sideCount, first.alternateBarcode, first.facingSide, first.sides.map((s) => s.side)], [2, 'UDO0001B', 0, [0, 1]]);
    const count = (await api.reader.get<MediumView[]>('/v1/media')).body.length;

    const sideB = await api.backup.post<RequestView>('/v1/mounts?wait=60000', { library: LIBRARY, barcode: 'UDO0001A', side: 1, drive: 0 });
    assert.deepEqual([sideB.status, sideB.body.state, sideB.body.side], [200, 'completed', 1], sideB.text);
    const mounted = await udo();
    assert.deepEqual([mounted.location, mounted.facingSide, mounted.sides.map((s) => s.mountCount)], [{ type: 'drive', index: 0 }, 1, [0, 1]]);
    assert.equal((await api.backup.post<RequestView>('/v1/dismounts?wait=60000', { library: LIBRARY, drive: 0 })).body.state, 'completed');

    // The library now reports side B's tag as the primary one: still UDO0001A, facing side B, nothing new.
    assert.equal((await api.operator.post<RequestView>(`/v1/libraries/${LIBRARY}/inventory?wait=120000`, {})).body.state, 'completed');
    const after = await udo();
    assert.deepEqual([after.location, after.facingSide], [first.location, 1]);
    assert.equal((await api.reader.get<MediumView[]>('/v1/media')).body.length, count);
    assert.equal((await api.reader.get(`${MEDIUM}/UDO0001B`)).status, 404);

    const sideA = await api.backup.post<RequestView>('/v1/mounts?wait=60000', { library: LIBRARY, barcode: 'UDO0001A', side: 0, drive: 1 });
    assert.equal(sideA.body.state, 'completed', sideA.text);
    const back = await udo();
    assert.deepEqual([back.facingSide, back.sides.map((s) => s.mountCount)], [0, [1, 1]]);
    const noSuchSide = await api.backup.post<{ detail: string }>('/v1/mounts', { library: LIBRARY, barcode: 'UDO0002A', side: 2 });
    assert.equal(noSuchSide.status, 400);
  });
});
