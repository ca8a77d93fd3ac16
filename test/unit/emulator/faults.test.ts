/**
 * Fault injection seen through CDBs: a jam leaves the cartridge in the picker, a power loss
 * mid-move reboots the library and puts the cartridge back, a stuck drive, an unreadable label,
 * a disabled element — each with its sense, descriptor flags and TapeAlert flags; schedules
 * replay identically for one seed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  LogPageCode,
  SenseKey,
  buildLogSenseCdb,
  buildMoveMediumCdb,
  buildTestUnitReadyCdb,
  parseTapeAlertLogPage,
} from '../../../src/scsi/index.ts';
import { ChangerTapeAlert, FrontPanelError, type VirtualLibrary } from '../../../src/emulator/index.ts';
import { assertGood, assertSense, drainAttentions, element, openTestLibrary, send } from './helpers.ts';

function move(source: number, destination: number, transport = 0): Buffer {
  return buildMoveMediumCdb({ transportElementAddress: transport, sourceAddress: source, destinationAddress: destination });
}

async function tapeAlerts(lib: VirtualLibrary): Promise<number[]> {
  const r = await send(lib, buildLogSenseCdb({ pageCode: LogPageCode.TAPE_ALERT, allocationLength: 0x200 }));
  assertGood(r);
  return parseTapeAlertLogPage(r.dataIn)
    .filter((f) => f.active)
    .map((f) => f.code);
}

describe('robot jam', () => {
  it('fails the move with 04/15/01 and leaves the cartridge in the picker (transport FULL)', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    lib.faults.inject({ kind: 'robot-jam' });
    assertSense(await send(lib, move(4096, 4100)), SenseKey.HARDWARE_ERROR, 0x15, 0x01);
    const picker = await element(lib, 1);
    assert.equal(picker.full, true);
    assert.equal(picker.primaryVolumeTag?.volumeIdentifier, 'A00001L8');
    assert.equal(picker.sourceAddress, 4096);
    assert.equal((await element(lib, 4096)).full, false);
    assert.equal((await element(lib, 4100)).full, false);
    assert.deepEqual(await tapeAlerts(lib), [ChangerTapeAlert.LIBRARY_HARDWARE_B, ChangerTapeAlert.LIBRARY_STRAY_TAPE]);
    // Event flags are reported once.
    assert.deepEqual(await tapeAlerts(lib), []);
    // With its only picker full the robot cannot pick; the host clears it by moving from the picker.
    assertSense(await send(lib, move(4097, 4100)), SenseKey.ILLEGAL_REQUEST, 0x3b, 0xa0);
    assertGood(await send(lib, move(1, 4100, 1)));
    assert.equal((await element(lib, 4100)).primaryVolumeTag?.volumeIdentifier, 'A00001L8');
  });

  it('the operator can also clear the picker through the open door', async () => {
    const { lib } = await openTestLibrary('library-500');
    await drainAttentions(lib);
    lib.faults.inject({ kind: 'robot-jam' });
    assertSense(await send(lib, move(1000, 1009, 1)), SenseKey.HARDWARE_ERROR, 0x15, 0x01);
    await lib.frontPanel.openDoor();
    const cartridge = lib.frontPanel.removeThroughDoor(1);
    lib.frontPanel.insertThroughDoor(1000, cartridge);
    await lib.frontPanel.closeDoor();
    await drainAttentions(lib);
    assert.equal((await element(lib, 1)).full, false);
    assert.equal((await element(lib, 1000)).primaryVolumeTag?.volumeIdentifier, 'S00001L8');
  });
});

describe('power loss mid-move', () => {
  it('ends the command with 29/00, reboots (02/04/01), and the robot puts the cartridge back at its source', async () => {
    const { lib, clock } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    lib.faults.inject({ kind: 'power-loss' });
    clock.setAutoAdvance(false);
    const moving = send(lib, move(4096, 4100));
    await clock.advance(4000);
    assertSense(await moving, SenseKey.UNIT_ATTENTION, 0x29, 0x00);
    assertSense(await send(lib, buildTestUnitReadyCdb()), SenseKey.NOT_READY, 0x04, 0x01);
    clock.setAutoAdvance(true);
    await lib.whenReady();
    assertGood(await send(lib, buildTestUnitReadyCdb()));
    assert.equal((await element(lib, 4096)).primaryVolumeTag?.volumeIdentifier, 'A00001L8');
    assert.equal((await element(lib, 1)).full, false);
    assert.equal((await element(lib, 4100)).full, false);
  });
});

describe('drive refuses to release', () => {
  it('a library that unloads drives itself fails the move with 04/53/00; the operator eject fails too', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    assertGood(await send(lib, move(4096, 256)));
    lib.faults.inject({ kind: 'drive-stuck', address: 256 });
    assertSense(await send(lib, move(256, 4096)), SenseKey.HARDWARE_ERROR, 0x53, 0x00);
    await assert.rejects(lib.frontPanel.ejectDrive(0), (e: unknown) => e instanceof FrontPanelError && e.code === 'UNLOAD_FAILED');
    assert.ok((await tapeAlerts(lib)).includes(ChangerTapeAlert.LIBRARY_HARDWARE_A));
    lib.faults.repair({ kind: 'drive-stuck', address: 256 });
    assertGood(await send(lib, move(256, 4096)));
  });
});

describe('unreadable label', () => {
  it('reports the slot full with no tag and Except 83/09; TapeAlert 32', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    lib.faults.inject({ kind: 'label-unreadable', barcode: 'A00003L8' });
    const slot = await element(lib, 4098);
    assert.deepEqual([slot.full, slot.except, slot.asc, slot.ascq], [true, true, 0x83, 0x09]);
    assert.equal(slot.primaryVolumeTag, undefined);
    assert.ok((await tapeAlerts(lib)).includes(ChangerTapeAlert.UNREADABLE_BAR_CODE_LABELS));
    lib.faults.repair({ kind: 'label-unreadable', barcode: 'A00003L8' });
    assert.equal((await element(lib, 4098)).primaryVolumeTag?.volumeIdentifier, 'A00003L8');
  });
});

describe('element disabled', () => {
  it('sets ED and Except 3B/18, clears Access, refuses moves with 05/3B/18; a drive sets TapeAlert 22 while out', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    lib.faults.inject({ kind: 'element-disabled', address: 257 });
    const drive = await element(lib, 257);
    assert.deepEqual([drive.ed, drive.except, drive.access, drive.asc, drive.ascq], [true, true, false, 0x3b, 0x18]);
    assertSense(await send(lib, move(4096, 257)), SenseKey.ILLEGAL_REQUEST, 0x3b, 0x18);
    assert.ok((await tapeAlerts(lib)).includes(ChangerTapeAlert.LIBRARY_DRIVE_OFFLINE));
    assert.ok((await tapeAlerts(lib)).includes(ChangerTapeAlert.LIBRARY_DRIVE_OFFLINE), 'a condition flag stays while the condition does');
    lib.faults.repair({ kind: 'element-disabled', address: 257 });
    assertGood(await send(lib, move(4096, 257)));
  });
});

describe('fault schedules', () => {
  async function runWithSeed(seed: number): Promise<string[]> {
    const { lib } = await openTestLibrary('library-500', { seed });
    await drainAttentions(lib);
    lib.faults.schedule({ fault: { kind: 'robot-jam' }, probability: 0.3, repeat: true });
    const outcomes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const [from, to] = i % 2 === 0 ? [1000, 1009] : [1009, 1000];
      const r = await send(lib, move(from, to, 1));
      outcomes.push(r.status === 0 ? 'ok' : 'jam');
      // The host finishes a jammed move by hand: picker → intended destination.
      // (that move may jam as well: the schedule strikes any move).
      if (r.status !== 0) while ((await send(lib, move(1, to, 1))).status !== 0) outcomes.push('jam');
    }
    return outcomes;
  }

  it('replays the same faults for the same seed, and others for another seed', async () => {
    const a = await runWithSeed(42);
    const b = await runWithSeed(42);
    const c = await runWithSeed(7);
    assert.deepEqual(a, b);
    assert.ok(a.includes('jam'));
    assert.notDeepEqual(a, c);
  });

  it('strikes on the n-th move from now, and at a given time', async () => {
    const { lib, clock } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    lib.faults.schedule({ fault: { kind: 'robot-jam' }, afterMoves: 2 });
    assertGood(await send(lib, move(4096, 4100)));
    assertSense(await send(lib, move(4100, 4096)), SenseKey.HARDWARE_ERROR, 0x15, 0x01);
    assertGood(await send(lib, move(1, 4096, 1)));
    lib.faults.schedule({ fault: { kind: 'element-disabled', address: 4101 }, atTime: clock.now() + 60_000 });
    assert.equal((await element(lib, 4101)).ed, false);
    await clock.sleep(60_000);
    assert.equal((await element(lib, 4101)).ed, true);
    assert.deepEqual(
      lib.faults.history.map((h) => h.fault.kind),
      ['robot-jam', 'element-disabled'],
    );
  });
});
