// The catalog is memory, the library is truth: what an operator does at the front panel and what
// goes wrong in the box (power, jams, unreadable labels) ends in a catalog that says where every
// cartridge is, with an operator request for what only a person can sort out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Cartridge } from '../../../../src/emulator/index.ts';
import { embeddedLibrary } from '../../../../src/transport/embeddedLibraries.ts';
import { assertConservation } from './conservation.ts';
import { BACKUP, eventually, finished, forEachEngine, frontPanelOf, OPERATOR, until, type Started } from './harness.ts';

async function reconciledAfter(started: Started, action: () => Promise<void>, detail: string): Promise<void> {
  const from = started.events.at(-1)?.seq ?? 0;
  await action();
  await eventually(started, (e) => e.seq > from && e.type === 'library' && e.state === 'reconciled' && (e.detail ?? '').startsWith(detail));
}

function virtualOf(started: Started): NonNullable<ReturnType<typeof embeddedLibrary>> {
  const virtual = embeddedLibrary(started.deviceUrl);
  assert.ok(virtual !== undefined);
  return virtual;
}

forEachEngine('manager reconciliation', (h) => {
  test('a magazine pulled, rearranged and put back: moved, missing, new and returned cartridges', async () => {
    const started = await h.start();
    const { manager, deviceUrl } = started;
    const panel = frontPanelOf(manager, 'lib0');
    // The left magazine holds the mailslot (position 0) and slots 0–11 (positions 1–12).
    const left = (slot: number): number => slot + 1;
    // Pulled: the slots are out of sight, the catalog keeps what it had there.
    await reconciledAfter(started, async () => panel.pullMagazine('left'), 'unit attention 3b/12');
    assert.deepEqual((await manager.medium('lib0', 'A00001L8')).location, { type: 'slot', index: 0 });
    const a1 = panel.takeFromMagazine('left', left(0));
    assert.equal(a1.label, 'A00001L8');
    panel.putIntoMagazine('left', left(4), a1);
    const a2 = panel.takeFromMagazine('left', left(1));
    panel.putIntoMagazine('left', left(9), { barcode: 'E00001L8' });
    await reconciledAfter(started, () => panel.insertMagazine('left'), 'unit attention');
    await until(async () => (await manager.medium('lib0', 'A00002L8')).location.type === 'outside', 'the missing cartridge is placed outside');
    const moved = await manager.medium('lib0', 'A00001L8');
    assert.deepEqual([moved.location, moved.homeSlot], [{ type: 'slot', index: 4 }, 4]);
    const missing = await manager.medium('lib0', 'A00002L8');
    assert.equal(missing.state, 'opreq');
    const fresh = await manager.medium('lib0', 'E00001L8');
    assert.deepEqual([fresh.location, fresh.poolName], [{ type: 'slot', index: 9 }, 'Import/LTO-8']);
    const [ask] = await manager.operatorRequests({ library: 'lib0', kinds: ['move-media'] });
    assert.deepEqual([ask?.reason, ask?.barcode, ask?.message], ['missing-cartridge', 'A00002L8', 'A00002L8 was in slot:2 and is no longer in library lib0. Put it back (it will be found), or complete this request if it was taken out on purpose.']);
    await assertConservation(manager, 'lib0', deviceUrl);

    // Back where it was: found, idle again, and the request closes itself.
    panel.pullMagazine('left');
    panel.putIntoMagazine('left', left(1), a2);
    await reconciledAfter(started, () => panel.insertMagazine('left'), 'unit attention');
    await until(async () => (await manager.medium('lib0', 'A00002L8')).location.type === 'slot', 'the cartridge is found again');
    assert.equal((await manager.medium('lib0', 'A00002L8')).state, 'idle');
    assert.equal((await manager.operatorRequests({ library: 'lib0', kinds: ['move-media'] }))[0]?.state, 'completed');
    await assertConservation(manager, 'lib0', deviceUrl);
  });

  test('a second cartridge with a catalogued barcode is kept without one and the operator is asked to remove it', async () => {
    const started = await h.start();
    const { manager, deviceUrl } = started;
    const panel = frontPanelOf(manager, 'lib0');
    panel.pullMagazine('right');
    panel.putIntoMagazine('right', 7, { barcode: 'A00003L8' });
    await reconciledAfter(started, () => panel.insertMagazine('right'), 'unit attention');
    await until(async () => (await manager.operatorRequests({ library: 'lib0', kinds: ['move-media'] })).length === 1, 'the duplicate is reported');
    const [dup] = await manager.operatorRequests({ library: 'lib0', kinds: ['move-media'] });
    assert.deepEqual([dup?.reason, dup?.barcode], ['duplicate-barcode', 'A00003L8']);
    assert.equal((await manager.media({ library: 'lib0', barcode: 'A00003L8' })).length, 1);
    assert.deepEqual((await manager.medium('lib0', 'A00003L8')).location, { type: 'slot', index: 2 });
    await assertConservation(manager, 'lib0', deviceUrl);

    panel.pullMagazine('right');
    const duplicate = panel.takeFromMagazine('right', 7) as Cartridge;
    assert.equal(duplicate.label, 'A00003L8');
    await reconciledAfter(started, () => panel.insertMagazine('right'), 'unit attention');
    await until(async () => (await manager.operatorRequests({ library: 'lib0', kinds: ['move-media'] }))[0]?.state === 'completed', 'the duplicate request closes');
    assert.equal((await manager.operatorRequests({ library: 'lib0', states: ['submitted'] })).filter((r) => r.reason === 'missing-cartridge').length, 0);
    await assertConservation(manager, 'lib0', deviceUrl);
  });

  test('power cycle (29/00) is reconciled; a jam leaves the cartridge in the picker and the manager puts it away', async () => {
    const started = await h.start();
    const { manager, deviceUrl } = started;
    await reconciledAfter(started, () => frontPanelOf(manager, 'lib0').powerCycle(), 'unit attention 29/00');
    virtualOf(started).faults.inject({ kind: 'robot-jam' });
    const failed = await finished(manager, await manager.mount({ library: 'lib0', barcode: 'A00001L8' }, BACKUP));
    assert.deepEqual([failed.state, failed.errorCode], ['failed', 'IO_DEVICE_ERROR']);
    // Reconciled after the failed move: in the picker, then put away by a move of the manager's own.
    await until(async () => (await manager.requests({ library: 'lib0', kinds: ['move'] }))[0]?.state === 'completed', 'the picker is cleared');
    const [cleared] = await manager.requests({ library: 'lib0', kinds: ['move'] });
    assert.deepEqual([cleared?.application, cleared?.history.at(-1)?.note], ['rsm', 'moved transport:0 → slot:1']);
    assert.deepEqual((await manager.medium('lib0', 'A00001L8')).location, { type: 'slot', index: 0 });
    await assertConservation(manager, 'lib0', deviceUrl);
    assert.equal((await finished(manager, await manager.mount({ library: 'lib0', barcode: 'A00001L8' }, BACKUP))).state, 'completed');
    await assertConservation(manager, 'lib0', deviceUrl);
  });

  test('an unreadable label: the catalog keeps the medium where it is and asks for a new label until it reads again', async () => {
    const started = await h.start();
    const { manager, deviceUrl } = started;
    const virtual = virtualOf(started);
    virtual.faults.inject({ kind: 'label-unreadable', barcode: 'A00005L8' });
    await finished(manager, await manager.inventory({ library: 'lib0', mode: 'full' }, OPERATOR));
    const a5 = await manager.medium('lib0', 'A00005L8');
    assert.deepEqual(a5.location, { type: 'slot', index: 5 });
    const [ask] = await manager.operatorRequests({ library: 'lib0', kinds: ['device-service'], states: ['submitted'] }).then((all) => all.filter((r) => r.reason === 'unreadable-label'));
    assert.equal(ask?.barcode, 'A00005L8');
    await assertConservation(manager, 'lib0', deviceUrl, { unreadable: ['A00005L8'] });
    virtual.faults.repair({ kind: 'label-unreadable', barcode: 'A00005L8' });
    const inventory = await finished(manager, await manager.inventory({ library: 'lib0', mode: 'full' }, OPERATOR));
    // The read label is back; the one cartridge that never had a barcode is read in a drive.
    assert.equal(inventory.history.at(-1)?.note, 'full inventory: 0 moved, 0 new, 0 gone; identified slot:22: blank');
    assert.equal((await manager.operatorRequests({ library: 'lib0' })).find((r) => r.id === ask?.id)?.state, 'completed');
  });
});
