/**
 * Operator actions and their consequences a host can see: door, mailslot, magazines, prevent,
 * power. Each test drives the front panel, then looks through CDBs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  SenseKey,
  buildMoveMediumCdb,
  buildOpenCloseImportExportElementCdb,
  buildPreventAllowMediumRemovalCdb,
  buildTestUnitReadyCdb,
  ImportExportAction,
} from '../../../src/scsi/index.ts';
import { FrontPanelError } from '../../../src/emulator/index.ts';
import { HOST_A, HOST_B, assertGood, assertSense, drainAttentions, element, openTestLibrary, send } from './helpers.ts';

function move(source: number, destination: number): Buffer {
  return buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: source, destinationAddress: destination });
}

async function rejectsWith(promise: Promise<unknown> | (() => unknown), code: string): Promise<void> {
  await assert.rejects(async () => (typeof promise === 'function' ? promise() : promise), (e: unknown) => e instanceof FrontPanelError && e.code === code);
}

describe('door (library-500)', () => {
  it('stops the robot while open (02/04/83), re-inventories after closing (02/04/01), then 28/00 to every initiator', async () => {
    const { lib, clock } = await openTestLibrary('library-500');
    await drainAttentions(lib, HOST_A);
    await drainAttentions(lib, HOST_B);
    await lib.frontPanel.openDoor();
    assertSense(await send(lib, buildTestUnitReadyCdb()), SenseKey.NOT_READY, 0x04, 0x83);
    assertSense(await send(lib, move(1000, 1009)), SenseKey.NOT_READY, 0x04, 0x83);
    // The operator swaps a cartridge by hand.
    const taken = lib.frontPanel.removeThroughDoor(1000);
    assert.equal(taken.label, 'S00001L8');
    lib.frontPanel.insertThroughDoor(1009, { barcode: 'NEW001L8' });
    clock.setAutoAdvance(false);
    const closing = lib.frontPanel.closeDoor();
    await clock.advance(3000 + 1000);
    assertSense(await send(lib, buildTestUnitReadyCdb()), SenseKey.NOT_READY, 0x04, 0x01);
    clock.setAutoAdvance(true);
    await closing;
    assertSense(await send(lib, buildTestUnitReadyCdb()), SenseKey.UNIT_ATTENTION, 0x28, 0x00);
    assertGood(await send(lib, buildTestUnitReadyCdb()));
    assert.deepEqual(await drainAttentions(lib, HOST_B), ['6/28/00']);
    assert.equal((await element(lib, 1009)).primaryVolumeTag?.volumeIdentifier, 'NEW001L8');
    assert.equal((await element(lib, 1000)).full, false);
    assert.deepEqual(lib.frontPanel.outside.map((c) => c.label), ['S00001L8']);
  });

  it('stays locked while a host prevents medium removal, until every preventing host allows it', async () => {
    const { lib } = await openTestLibrary('library-500');
    await drainAttentions(lib, HOST_A);
    await drainAttentions(lib, HOST_B);
    assertGood(await send(lib, buildPreventAllowMediumRemovalCdb({ prevent: true })));
    assertGood(await send(lib, buildPreventAllowMediumRemovalCdb({ prevent: true }), { nexus: HOST_B }));
    await rejectsWith(lib.frontPanel.openDoor(), 'DOOR_LOCKED');
    await rejectsWith(lib.frontPanel.openMailslot(), 'MAILSLOT_LOCKED');
    assertGood(await send(lib, buildPreventAllowMediumRemovalCdb({ prevent: false })));
    await rejectsWith(lib.frontPanel.openDoor(), 'DOOR_LOCKED');
    assertGood(await send(lib, buildPreventAllowMediumRemovalCdb({ prevent: false }), { nexus: HOST_B }));
    await lib.frontPanel.openDoor();
    assert.equal(lib.frontPanel.status().door, 'open');
  });

  it('names elements by zero-based number as well as by address: slot 9 is address 1009, and a number past the last is NO_SUCH_ELEMENT', async () => {
    const { lib } = await openTestLibrary('library-500');
    await drainAttentions(lib, HOST_A);
    await lib.frontPanel.openDoor();
    assert.equal(lib.frontPanel.removeThroughDoorAt('slot', 0).label, 'S00001L8');
    lib.frontPanel.insertThroughDoorAt('slot', 9, { barcode: 'NEW002L8' });
    assert.equal((await element(lib, 1009)).primaryVolumeTag?.volumeIdentifier, 'NEW002L8');
    assert.throws(() => lib.frontPanel.insertThroughDoorAt('slot', 500, { barcode: 'NEW003L8' }), (e: unknown) => e instanceof FrontPanelError && e.code === 'NO_SUCH_ELEMENT' && e.message === 'the library has no slot 500');
    assert.throws(() => lib.frontPanel.removeThroughDoorAt('drive', 12), (e: unknown) => e instanceof FrontPanelError && e.code === 'NO_SUCH_ELEMENT');
  });

  it('a library without a door says so', async () => {
    const { lib } = await openTestLibrary('library-24');
    await rejectsWith(lib.frontPanel.openDoor(), 'NO_DOOR');
  });
});

describe('mailslot', () => {
  it('imports: operator opens, inserts, closes → scan, 28/01 to all, ImpExp=1; moves meet 02/3A/02 while open', async () => {
    const { lib } = await openTestLibrary('library-500');
    await drainAttentions(lib);
    await lib.frontPanel.openMailslot('cap');
    const open = await element(lib, 11);
    assert.equal(open.access, false);
    assertSense(await send(lib, move(1000, 11)), SenseKey.NOT_READY, 0x3a, 0x02);
    lib.frontPanel.insertIntoMailslot({ barcode: 'IMP001L8' }, { index: 1 });
    await lib.frontPanel.closeMailslot('cap');
    assertSense(await send(lib, buildTestUnitReadyCdb()), SenseKey.UNIT_ATTENTION, 0x28, 0x01);
    const imported = await element(lib, 11);
    assert.deepEqual([imported.full, imported.impExp, imported.access], [true, true, true]);
    assert.equal(imported.primaryVolumeTag?.volumeIdentifier, 'IMP001L8');
    assertGood(await send(lib, move(11, 1009)));
    assert.equal((await element(lib, 1009)).sourceAddress, 11);
  });

  it('exports: robot moves to the mailslot, operator takes the cartridge out', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    assertGood(await send(lib, move(16, 4100)));
    assertGood(await send(lib, move(4096, 16)));
    const out = await element(lib, 16);
    assert.equal(out.impExp, false);
    await lib.frontPanel.openMailslot();
    const cartridge = lib.frontPanel.takeFromMailslot();
    assert.equal(cartridge.label, 'A00001L8');
    await lib.frontPanel.closeMailslot();
    assert.deepEqual(await drainAttentions(lib), ['6/28/01']);
    assert.equal((await element(lib, 16)).full, false);
  });

  it('host OPEN IMPORT/EXPORT ELEMENT opens it; refused with 05/53/02 while prevented and holding cartridges', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const openCdb = buildOpenCloseImportExportElementCdb({ elementAddress: 16, action: ImportExportAction.OPEN });
    assertGood(await send(lib, buildPreventAllowMediumRemovalCdb({ prevent: true })));
    assertSense(await send(lib, openCdb), SenseKey.ILLEGAL_REQUEST, 0x53, 0x02);
    assertGood(await send(lib, buildPreventAllowMediumRemovalCdb({ prevent: false })));
    assertGood(await send(lib, openCdb));
    assert.equal(lib.frontPanel.status().mailslots.mailslot, 'open');
    // This model lets only the operator close it (IEPORT_USER_CONTROL_CLOSE).
    assertSense(await send(lib, buildOpenCloseImportExportElementCdb({ elementAddress: 16, action: ImportExportAction.CLOSE })), SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);
    assertSense(await send(lib, buildOpenCloseImportExportElementCdb({ elementAddress: 4096, action: ImportExportAction.OPEN })), SenseKey.ILLEGAL_REQUEST, 0x21, 0x01);
  });
});

describe('magazines', () => {
  it('a pulled magazine\'s slots read empty, Access=0, Except 3B/12; moves meet 02/3B/12; putting it back rescans', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    lib.frontPanel.pullMagazine('right');
    assertSense(await send(lib, buildTestUnitReadyCdb()), SenseKey.UNIT_ATTENTION, 0x3b, 0x12);
    const slot = await element(lib, 4108);
    assert.deepEqual([slot.full, slot.access, slot.except, slot.asc, slot.ascq], [false, false, true, 0x3b, 0x12]);
    assertSense(await send(lib, move(4096, 4108 + 11)), SenseKey.NOT_READY, 0x3b, 0x12);
    // The operator refills it outside the library.
    const removed = lib.frontPanel.takeFromMagazine('right', 0);
    lib.frontPanel.putIntoMagazine('right', 11, removed);
    await lib.frontPanel.insertMagazine('right');
    assert.deepEqual(await drainAttentions(lib), ['6/3b/13', '6/28/00']);
    assert.equal((await element(lib, 4108)).full, false);
    assert.equal((await element(lib, 4119)).primaryVolumeTag?.volumeIdentifier, removed.label);
  });

  it('the autoloader\'s only magazine is its way in, locked by PREVENT', async () => {
    const { lib } = await openTestLibrary('autoloader-8');
    await drainAttentions(lib);
    assertGood(await send(lib, buildPreventAllowMediumRemovalCdb({ prevent: true })));
    await rejectsWith(() => lib.frontPanel.pullMagazine('magazine'), 'MAGAZINE_LOCKED');
    assertGood(await send(lib, buildPreventAllowMediumRemovalCdb({ prevent: false })));
    lib.frontPanel.pullMagazine('magazine');
    assert.equal(lib.frontPanel.status().magazines.magazine, 'out');
  });
});

describe('power', () => {
  it('power cycle: 02/04/01 while booting, 29/00 to every initiator, prevent forgotten', async () => {
    const { lib, clock } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    assertGood(await send(lib, buildPreventAllowMediumRemovalCdb({ prevent: true })));
    clock.setAutoAdvance(false);
    const cycle = lib.frontPanel.powerCycle();
    await clock.advance(1000);
    assertSense(await send(lib, buildTestUnitReadyCdb()), SenseKey.UNIT_ATTENTION, 0x29, 0x00);
    assertSense(await send(lib, buildTestUnitReadyCdb()), SenseKey.NOT_READY, 0x04, 0x01);
    clock.setAutoAdvance(true);
    await cycle;
    assertGood(await send(lib, buildTestUnitReadyCdb()));
    assert.equal(lib.frontPanel.status().locked, false);
    assert.deepEqual(await drainAttentions(lib, HOST_B), ['6/29/00']);
  });
});
