// Cartridges in and out of the library: through the mailslot (robot + operator at the mailslot)
// and through the door (operator request → the operator opens, acts, closes → inventory).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { embeddedLibrary } from '../../../../src/transport/embeddedLibraries.ts';
import { assertConservation } from './conservation.ts';
import { BACKUP, eventually, finished, forEachEngine, frontPanelOf, OPERATOR, until } from './harness.ts';

forEachEngine('manager inject and eject through the mailslot', (h) => {
  test('inject moves what the mailslot holds into free slots; an empty mailslot calls the operator, who fills it', async () => {
    const started = await h.start();
    const { manager, deviceUrl } = started;
    const first = await finished(manager, await manager.inject({ library: 'lib0' }, OPERATOR));
    assert.deepEqual([first.state, first.history.at(-1)?.note], ['completed', 'imported B00001L7 → slot:5']);
    const b1 = await manager.medium('lib0', 'B00001L7');
    assert.deepEqual([b1.location, b1.homeSlot, b1.poolName], [{ type: 'slot', index: 4 }, 4, 'Import/LTO-7']);

    const second = await manager.inject({ library: 'lib0', pool: 'Free/LTO-8' }, OPERATOR);
    await until(async () => (await manager.request(second.id)).state === 'waiting', 'the inject waits for the operator');
    const [ask] = await manager.operatorRequests({ library: 'lib0', kinds: ['new-media'], states: ['submitted'] });
    assert.equal(ask?.message, 'Put the cartridges to import into the mailslot of library lib0 and close it; then complete this request.');
    const panel = frontPanelOf(manager, 'lib0');
    await panel.openMailslot();
    panel.insertIntoMailslot({ barcode: 'C00001L8' });
    await panel.closeMailslot();
    // The mailslot scan raises 28/01; the manager hears it, reconciles, and the inject goes on by itself.
    const done = await finished(manager, second);
    assert.deepEqual([done.state, done.history.at(-1)?.note], ['completed', 'imported C00001L8 → slot:10']);
    const c1 = await manager.medium('lib0', 'C00001L8');
    assert.deepEqual([c1.location, c1.poolName, c1.sides[0]?.state], [{ type: 'slot', index: 9 }, 'Free/LTO-8', 'available']);
    assert.equal((await manager.operatorRequests({ library: 'lib0', kinds: ['new-media'] }))[0]?.state, 'completed');
    await assertConservation(manager, 'lib0', deviceUrl);
    await eventually(started, (e) => e.type === 'library' && e.state === 'reconciled' && (e.detail ?? '').startsWith('unit attention 28/01'));
  });

  test('eject puts the cartridge in the mailslot; once the operator takes it, the catalog has it outside', async () => {
    const { manager, deviceUrl } = await h.start();
    await finished(manager, await manager.inject({ library: 'lib0' }, OPERATOR));
    const eject = await finished(manager, await manager.eject({ library: 'lib0', barcodes: ['A00003L8'] }, BACKUP));
    assert.deepEqual([eject.state, eject.history.at(-1)?.note], ['completed', 'in the mailslot: A00003L8']);
    assert.deepEqual((await manager.medium('lib0', 'A00003L8')).location, { type: 'ieport', index: 0 });
    const [collect] = await manager.operatorRequests({ library: 'lib0', kinds: ['move-media'] });
    assert.deepEqual([collect?.reason, collect?.barcode, collect?.state], ['collect-ejected', 'A00003L8', 'submitted']);

    const panel = frontPanelOf(manager, 'lib0');
    await panel.openMailslot();
    const taken = panel.takeFromMailslot();
    assert.equal(taken.label, 'A00003L8');
    await panel.closeMailslot();
    await until(async () => (await manager.medium('lib0', 'A00003L8')).location.type === 'outside', 'the catalog has it outside');
    const out = await manager.medium('lib0', 'A00003L8');
    assert.equal(out.state, 'idle');
    await until(async () => (await manager.operatorRequests({ library: 'lib0', kinds: ['move-media'] }))[0]?.state === 'completed', 'the collect request closes itself');
    assert.equal((await manager.operatorRequests({ library: 'lib0', states: ['submitted'] })).filter((r) => r.reason === 'missing-cartridge').length, 0);
    await assertConservation(manager, 'lib0', deviceUrl);

    // Back in through the mailslot: the same medium, found again, not a new one.
    await panel.openMailslot();
    panel.insertIntoMailslot(taken);
    await panel.closeMailslot();
    await finished(manager, await manager.inject({ library: 'lib0' }, OPERATOR));
    const back = await manager.medium('lib0', 'A00003L8');
    assert.deepEqual([back.id, back.location.type], [out.id, 'slot']);
    await assertConservation(manager, 'lib0', deviceUrl);
  });
});

forEachEngine('manager door access', (h) => {
  test('inject through the door: operator request, the operator loads slots and closes the door, completes; the new media are found', async () => {
    const { manager, deviceUrl } = await h.start({ profile: 'library-500' });
    const inject = await manager.inject({ library: 'lib0', via: 'door' }, OPERATOR);
    await until(async () => (await manager.request(inject.id)).state === 'waiting', 'the inject waits for the operator');
    const [ask] = await manager.operatorRequests({ library: 'lib0', kinds: ['new-media'] });
    assert.ok(ask !== undefined);
    await manager.acknowledgeOperatorRequest(ask.id, OPERATOR);
    const virtual = embeddedLibrary(deviceUrl);
    assert.ok(virtual !== undefined);
    const panel = frontPanelOf(manager, 'lib0');
    await panel.openDoor();
    const slots = virtual.addresses('slot');
    panel.insertThroughDoor(slots[9] as number, { barcode: 'D00001L8' });
    panel.insertThroughDoor(slots[499] as number, { barcode: 'D00002L7' });
    await panel.closeDoor();
    await manager.completeOperatorRequest(ask.id, OPERATOR);
    const done = await finished(manager, inject);
    assert.equal(done.state, 'completed');
    assert.deepEqual((await manager.medium('lib0', 'D00001L8')).location, { type: 'slot', index: 9 });
    assert.deepEqual([(await manager.medium('lib0', 'D00002L7')).location, (await manager.medium('lib0', 'D00002L7')).poolName], [{ type: 'slot', index: 499 }, 'Import/LTO-7']);
    await assertConservation(manager, 'lib0', deviceUrl);
  });

  test('eject through the door: the cartridge the operator takes out is expected to go, nothing is reported missing', async () => {
    const { manager, deviceUrl } = await h.start({ profile: 'library-500' });
    const virtual = embeddedLibrary(deviceUrl);
    assert.ok(virtual !== undefined);
    const eject = await manager.eject({ library: 'lib0', barcodes: ['S00002L8'], via: 'door' }, OPERATOR);
    await until(async () => (await manager.request(eject.id)).state === 'waiting', 'the eject waits for the operator');
    const [ask] = await manager.operatorRequests({ library: 'lib0', kinds: ['move-media'] });
    assert.equal(ask?.message, 'Open the door of library lib0, take out S00002L8 (slot:2), close the door, then complete this request.');
    const panel = frontPanelOf(manager, 'lib0');
    await panel.openDoor();
    panel.removeThroughDoor(virtual.addresses('slot')[1] as number);
    await panel.closeDoor();
    await until(async () => (await manager.medium('lib0', 'S00002L8')).location.type === 'outside', 'the door close is reconciled');
    await manager.completeOperatorRequest(ask?.id as number, OPERATOR);
    const done = await finished(manager, eject);
    assert.deepEqual([done.state, (await manager.medium('lib0', 'S00002L8')).state], ['completed', 'idle']);
    assert.equal((await manager.operatorRequests({ library: 'lib0' })).filter((r) => r.reason === 'missing-cartridge').length, 0);
    await assertConservation(manager, 'lib0', deviceUrl);
  });

  test('a refused operator request cancels the request waiting on it', async () => {
    const { manager } = await h.start({ profile: 'library-500' });
    const inject = await manager.inject({ library: 'lib0', via: 'door' }, OPERATOR);
    await until(async () => (await manager.request(inject.id)).state === 'waiting', 'the inject waits');
    const [ask] = await manager.operatorRequests({ library: 'lib0', kinds: ['new-media'] });
    await manager.refuseOperatorRequest(ask?.id as number, OPERATOR, 'no tapes on site');
    const done = await finished(manager, inject);
    assert.deepEqual([done.state, done.errorCode, done.errorMessage], ['cancelled', 'REFUSED', 'the operator refused: no tapes on site']);
  });
});
