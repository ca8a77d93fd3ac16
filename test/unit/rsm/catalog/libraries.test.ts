import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCatalogError, layoutFromParameters } from '../../../../src/rsm/catalog/index.ts';
import { EMPTY_PARAMETERS } from '../../../../src/driver/changerParameters.ts';
import { forEachEngine } from './engines.ts';
import { seedLibrary, smallLayout } from './fixtures.ts';

forEachEngine('libraries and elements', (h) => {
  test('a layout creates the library, one element per index and the drive rows', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    assert.equal(library.state, 'offline');
    assert.equal(library.product?.serialNumber, 'SN-lib0');
    assert.equal(library.cleanerSlot, 9);
    assert.equal(library.lease, null);
    const slots = await catalog.libraries.elements(library.id, 'slot');
    assert.deepEqual(
      slots.map((s) => [s.index, s.displayNumber, s.magazine]),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => [i, i + 1, Math.floor(i / 5)]),
    );
    assert.equal((await catalog.libraries.elements(library.id)).length, 1 + 10 + 2 + 2 + 1);
    const drives = await catalog.drives.list(library.id);
    assert.deepEqual(drives.map((d) => [d.index, d.state, d.needsCleaning]), [
      [0, 'dismounted', false],
      [1, 'dismounted', false],
    ]);
  });

  test('upserting again with more slots keeps the library, its id and its media', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    const tape = await catalog.media.add({ libraryId: library.id, barcode: 'KEEP01L8', location: { type: 'slot', index: 3 } });
    const grown = await catalog.libraries.upsert(smallLayout('lib0', 20));
    assert.equal(grown.id, library.id);
    assert.equal((await catalog.libraries.elements(library.id, 'slot')).length, 20);
    assert.deepEqual((await catalog.media.get(tape.id)).location, { type: 'slot', index: 3 });
  });

  test('a layout that drops an element holding a medium is refused and changes nothing', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    await catalog.media.add({ libraryId: library.id, barcode: 'LAST01L8', location: { type: 'slot', index: 9 } });
    await assert.rejects(catalog.libraries.upsert({ ...smallLayout('lib0', 5), deviceUrl: 'virtual:/elsewhere' }), (err) => isCatalogError(err, 'ELEMENT_OCCUPIED') && /LAST01L8/.test(err.message));
    assert.equal((await catalog.libraries.elements(library.id, 'slot')).length, 10);
    assert.equal((await catalog.libraries.get(library.id)).deviceUrl, 'virtual:/tmp/lib0?profile=small');
    // Empty slots may go.
    await catalog.media.place((await catalog.media.findByBarcode(library.id, 'LAST01L8'))?.id ?? '', { type: 'slot', index: 0 });
    await catalog.libraries.upsert(smallLayout('lib0', 5));
    assert.equal((await catalog.libraries.elements(library.id, 'slot')).length, 5);
  });

  test('element state and drive identity are recorded', async () => {
    const catalog = await h.open();
    const library = await seedLibrary(catalog);
    await catalog.libraries.setElementState(library.id, 'door', 0, 'open');
    await catalog.libraries.setElementEnabled(library.id, 'slot', 4, false);
    assert.equal((await catalog.libraries.element(library.id, 'door', 0))?.state, 'open');
    assert.equal((await catalog.libraries.element(library.id, 'slot', 4))?.enabled, false);
    await assert.rejects(catalog.libraries.setElementState(library.id, 'slot', 99, 'full'), (err) => isCatalogError(err, 'NO_SUCH_ELEMENT'));
    const drive = await catalog.drives.update(library.id, 1, { serialNumber: 'HU1234', devicePath: '/dev/nst3', mediaTypesRead: ['LTO-7', 'LTO-8'], mediaTypesWritten: ['LTO-8'] });
    assert.deepEqual([drive.serialNumber, drive.devicePath, drive.mediaTypesRead, drive.mediaTypesWritten], ['HU1234', '/dev/nst3', ['LTO-7', 'LTO-8'], ['LTO-8']]);
    await catalog.drives.setNeedsCleaning(library.id, 1, true);
    assert.equal((await catalog.drives.get(library.id, 1)).needsCleaning, true);
    await catalog.drives.recordCleaned(library.id, 1);
    const cleaned = await catalog.drives.get(library.id, 1);
    assert.equal(cleaned.needsCleaning, false);
    assert.ok(cleaned.lastCleanedAt !== null);
    await catalog.libraries.setState(library.id, 'online');
    assert.equal((await catalog.libraries.get(library.id)).state, 'online');
  });

  test('a layout built from GET_CHANGER_PARAMETERS numbers elements like the device', async () => {
    const catalog = await h.open();
    // 24 slots numbered 1..24, slot 24 the cleaner: 23 data slots, FirstCleanerSlotAddress 24 (the vendor's number).
    const parameters = { ...EMPTY_PARAMETERS, numberTransportElements: 1, numberStorageElements: 23, numberIEElements: 1, numberDataTransferElements: 2, numberOfDoors: 1, firstSlotNumber: 1, firstDriveNumber: 0, magazineSize: 12, numberCleanerSlots: 1, firstCleanerSlotAddress: 24 };
    const library = await catalog.libraries.upsert(layoutFromParameters('tl2000', 'sg:/dev/sg4', parameters));
    assert.equal(library.cleanerSlot, 23);
    const last = await catalog.libraries.element(library.id, 'slot', 23);
    assert.deepEqual([last?.displayNumber, last?.magazine], [24, 1]);
  });
});
