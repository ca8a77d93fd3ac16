import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Changer } from '../../../src/driver/changer.ts';
import { element as el } from '../../../src/driver/changerElement.ts';
import { ChangerError, type ChangerErrorCode } from '../../../src/shared/changerError.ts';
import type { ChangerParameters } from '../../../src/driver/changerParameters.ts';
import { ElementType as T } from '../../../src/driver/elementType.ts';
import { Features0 } from '../../../src/driver/features.ts';
import { AccessControl, VolumeTagAction } from '../../../src/driver/requests.ts';
import { ChangerTo, LockUnlock } from '../../../src/driver/capabilities.ts';
import { FULL, MINIMAL } from '../../helpers/parameters.ts';
import { RecordingMiniclass } from '../../helpers/recordingMiniclass.ts';

async function openWith(p: ChangerParameters): Promise<{ changer: Changer; mini: RecordingMiniclass }> {
  const mini = new RecordingMiniclass(p);
  const changer = await Changer.open(`test:${randomUUID()}`, { owner: 'test', connect: async () => mini });
  return { changer, mini };
}

/** Run `call` on a fresh changer and assert it fails with `code` without reaching the miniclass. */
async function rejects(p: ChangerParameters, code: ChangerErrorCode, call: (c: Changer) => Promise<unknown>): Promise<void> {
  const { changer, mini } = await openWith(p);
  try {
    await assert.rejects(call(changer), (e: unknown) => e instanceof ChangerError && e.code === code);
    assert.deepEqual(mini.routines(), [], 'the miniclass must not be called');
  } finally {
    await changer.close();
  }
}

async function passes(p: ChangerParameters, routine: string, call: (c: Changer) => Promise<unknown>): Promise<void> {
  const { changer, mini } = await openWith(p);
  try {
    await call(changer);
    assert.deepEqual(mini.routines(), [routine]);
  } finally {
    await changer.close();
  }
}

const t0 = el(T.Transport, 0);
const without = (p: ChangerParameters, f: number): ChangerParameters => ({ ...p, features0: (p.features0 & ~f) >>> 0 });
const move = (source: ReturnType<typeof el>, destination: ReturnType<typeof el>, flip = false) => ({ transport: t0, source, destination, flip });

test('open initializes the miniclass and reads its parameters; close releases it once', async () => {
  const { changer, mini } = await openWith(FULL);
  assert.deepEqual(mini.calls.map((c) => c.routine), ['initialize', 'getParameters']);
  assert.deepEqual(changer.cachedParameters, FULL);
  await changer.close();
  await changer.close();
  assert.equal(mini.closed, 1);
});

test('a closed changer refuses requests with INVALID_HANDLE', async () => {
  const { changer } = await openWith(FULL);
  await changer.close();
  await assert.rejects(changer.getStatus(), (e: ChangerError) => e.code === 'INVALID_HANDLE');
});

test('open refuses a miniclass whose parameters break the rules, and releases the hold', async () => {
  const bad = { ...MINIMAL, numberCleanerSlots: 3 };
  const url = `test:${randomUUID()}`;
  const mini = new RecordingMiniclass(bad);
  await assert.rejects(Changer.open(url, { owner: 'a', connect: async () => mini }), (e: ChangerError) => e.code === 'INVALID_PARAMETER' && /NumberCleanerSlots/.test(e.message));
  assert.equal(mini.closed, 1);
  const again = await Changer.open(url, { owner: 'b', connect: async () => new RecordingMiniclass(MINIMAL) });
  await again.close();
});

test('a second open of a held changer fails with DEVICE_BUSY naming the holder; close releases it', async () => {
  const url = `test:${randomUUID()}`;
  const first = await Changer.open(url, { owner: 'rsm-one', connect: async () => new RecordingMiniclass(FULL) });
  await assert.rejects(
    Changer.open(url, { owner: 'rsm-two', connect: async () => new RecordingMiniclass(FULL) }),
    (e: ChangerError) => e.code === 'DEVICE_BUSY' && e.ntStatus === 0x80000011 && e.message.includes('rsm-one') && e.message.includes(`pid ${process.pid}`),
  );
  await first.close();
  const second = await Changer.open(url, { owner: 'rsm-two', connect: async () => new RecordingMiniclass(FULL) });
  await second.close();
});

test('anything a miniclass throws that is not a ChangerError becomes IO_DEVICE_ERROR', async () => {
  const { changer, mini } = await openWith(FULL);
  mini.failWith = new TypeError('boom');
  await assert.rejects(changer.getStatus(), (e: ChangerError) => e.code === 'IO_DEVICE_ERROR' && e.message.includes('boom'));
  mini.failWith = new ChangerError('DEVICE_DOOR_OPEN', 'door');
  await assert.rejects(changer.getStatus(), (e: ChangerError) => e.code === 'DEVICE_DOOR_OPEN');
  await changer.close();
});

test('requests without checks pass straight through', async () => {
  await passes(MINIMAL, 'getStatus', (c) => c.getStatus());
  await passes(MINIMAL, 'getProductData', (c) => c.getProductData());
  await passes(MINIMAL, 'performDiagnostics', (c) => c.performDiagnostics());
});

// --- setAccess ---------------------------------------------------------------------------------

test('setAccess: lock and unlock need CHANGER_LOCK_UNLOCK', async () => {
  await rejects(without(FULL, Features0.LOCK_UNLOCK), 'INVALID_DEVICE_REQUEST', (c) => c.setAccess(el(T.Door, 0), AccessControl.Lock));
  await passes(FULL, 'setAccess', (c) => c.setAccess(el(T.Door, 0), AccessControl.Lock));
  await passes(FULL, 'setAccess', (c) => c.setAccess(el(T.IEPort, 1), AccessControl.Unlock));
  await passes(FULL, 'setAccess', (c) => c.setAccess(el(T.Keypad, 0), AccessControl.Lock));
});

test('setAccess: lock needs the LockUnlockCapabilities bit of that element type', async () => {
  const doorOnly = { ...FULL, lockUnlockCapabilities: LockUnlock.DOOR, features0: (FULL.features0 & ~Features0.KEYPAD_ENABLE_DISABLE) >>> 0 };
  await rejects(doorOnly, 'INVALID_PARAMETER', (c) => c.setAccess(el(T.IEPort, 0), AccessControl.Lock));
  await passes(doorOnly, 'setAccess', (c) => c.setAccess(el(T.Door, 0), AccessControl.Lock));
});

test('setAccess: only IE ports, doors and keypads; slots, drives, transports are refused', async () => {
  for (const type of [T.Slot, T.Drive, T.Transport, T.AllElements]) {
    await rejects(FULL, 'INVALID_PARAMETER', (c) => c.setAccess(el(type, 0), AccessControl.Lock));
  }
});

test('setAccess: extend and retract need OPEN/CLOSE_IEPORT and apply to IE ports only', async () => {
  await rejects(without(FULL, Features0.OPEN_IEPORT), 'INVALID_DEVICE_REQUEST', (c) => c.setAccess(el(T.IEPort, 0), AccessControl.ExtendIEPort));
  await rejects(without(FULL, Features0.CLOSE_IEPORT), 'INVALID_DEVICE_REQUEST', (c) => c.setAccess(el(T.IEPort, 0), AccessControl.RetractIEPort));
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.setAccess(el(T.Door, 0), AccessControl.ExtendIEPort));
  await passes(FULL, 'setAccess', (c) => c.setAccess(el(T.IEPort, 1), AccessControl.ExtendIEPort));
  await passes(FULL, 'setAccess', (c) => c.setAccess(el(T.IEPort, 0), AccessControl.RetractIEPort));
});

test('setAccess: index out of range or an absent door is ILLEGAL_ELEMENT_ADDRESS; bad control is INVALID_PARAMETER', async () => {
  await rejects(FULL, 'ILLEGAL_ELEMENT_ADDRESS', (c) => c.setAccess(el(T.IEPort, 2), AccessControl.Lock));
  await rejects(FULL, 'ILLEGAL_ELEMENT_ADDRESS', (c) => c.setAccess(el(T.Door, 1), AccessControl.Lock));
  await rejects({ ...FULL, numberOfDoors: 0 }, 'ILLEGAL_ELEMENT_ADDRESS', (c) => c.setAccess(el(T.Door, 0), AccessControl.Lock));
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.setAccess(el(T.Door, 0), 4 as AccessControl));
});

// --- getElementStatus --------------------------------------------------------------------------

test('getElementStatus: ranges of one type pass; AllElements must count every element from 0', async () => {
  await passes(FULL, 'getElementStatus', (c) => c.getElementStatus({ element: el(T.Slot, 20), count: 4, volumeTagInfo: true }));
  await passes(FULL, 'getElementStatus', (c) => c.getElementStatus({ element: el(T.AllElements, 0), count: 31, volumeTagInfo: false }));
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.getElementStatus({ element: el(T.AllElements, 0), count: 30, volumeTagInfo: false }));
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.getElementStatus({ element: el(T.AllElements, 1), count: 31, volumeTagInfo: false }));
});

test('getElementStatus: count 0, door or keypad are INVALID_PARAMETER', async () => {
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.getElementStatus({ element: el(T.Slot, 0), count: 0, volumeTagInfo: false }));
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.getElementStatus({ element: el(T.Door, 0), count: 1, volumeTagInfo: false }));
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.getElementStatus({ element: el(T.Keypad, 0), count: 1, volumeTagInfo: false }));
});

test('getElementStatus: a range past the last element is ILLEGAL_ELEMENT_ADDRESS', async () => {
  await rejects(FULL, 'ILLEGAL_ELEMENT_ADDRESS', (c) => c.getElementStatus({ element: el(T.Slot, 20), count: 5, volumeTagInfo: false }));
  await rejects(FULL, 'ILLEGAL_ELEMENT_ADDRESS', (c) => c.getElementStatus({ element: el(T.Drive, 4), count: 1, volumeTagInfo: false }));
  await rejects(MINIMAL, 'ILLEGAL_ELEMENT_ADDRESS', (c) => c.getElementStatus({ element: el(T.IEPort, 0), count: 1, volumeTagInfo: false }));
});

test('getElementStatus: volume tags need a bar-code reader or volume identification', async () => {
  await rejects(MINIMAL, 'INVALID_PARAMETER', (c) => c.getElementStatus({ element: el(T.Slot, 0), count: 1, volumeTagInfo: true }));
  await passes({ ...MINIMAL, features0: MINIMAL.features0 | Features0.BAR_CODE_SCANNER_INSTALLED }, 'getElementStatus', (c) => c.getElementStatus({ element: el(T.Slot, 0), count: 1, volumeTagInfo: true }));
});

// --- initializeElementStatus -------------------------------------------------------------------

test('initializeElementStatus: AllElements always; ranges need INIT_ELEM_STAT_WITH_RANGE', async () => {
  await passes(MINIMAL, 'initializeElementStatus', (c) => c.initializeElementStatus({ element: el(T.AllElements, 0), count: 0, barCodeScan: false }));
  await rejects(MINIMAL, 'INVALID_PARAMETER', (c) => c.initializeElementStatus({ element: el(T.Slot, 0), count: 2, barCodeScan: false }));
  await passes(FULL, 'initializeElementStatus', (c) => c.initializeElementStatus({ element: el(T.Slot, 2), count: 2, barCodeScan: true }));
  await rejects(FULL, 'ILLEGAL_ELEMENT_ADDRESS', (c) => c.initializeElementStatus({ element: el(T.Slot, 23), count: 2, barCodeScan: false }));
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.initializeElementStatus({ element: el(T.Door, 0), count: 1, barCodeScan: false }));
});

test('initializeElementStatus: a bar-code scan needs a bar-code reader', async () => {
  await rejects(MINIMAL, 'INVALID_PARAMETER', (c) => c.initializeElementStatus({ element: el(T.AllElements, 0), count: 0, barCodeScan: true }));
});

// --- setPosition -------------------------------------------------------------------------------

test('setPosition: needs CHANGER_POSITION_TO_ELEMENT', async () => {
  await rejects(MINIMAL, 'INVALID_DEVICE_REQUEST', (c) => c.setPosition({ transport: t0, destination: el(T.Drive, 0), flip: false }));
  await passes(FULL, 'setPosition', (c) => c.setPosition({ transport: t0, destination: el(T.Drive, 3), flip: false }));
});

test('setPosition: the transport must be a transport; destinations per PositionCapabilities', async () => {
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.setPosition({ transport: el(T.Slot, 0), destination: el(T.Drive, 0), flip: false }));
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.setPosition({ transport: t0, destination: el(T.Transport, 0), flip: false }));
  await rejects({ ...FULL, positionCapabilities: ChangerTo.SLOT }, 'INVALID_PARAMETER', (c) => c.setPosition({ transport: t0, destination: el(T.Drive, 0), flip: false }));
  await rejects(FULL, 'ILLEGAL_ELEMENT_ADDRESS', (c) => c.setPosition({ transport: el(T.Transport, 1), destination: el(T.Drive, 0), flip: false }));
  await rejects(FULL, 'ILLEGAL_ELEMENT_ADDRESS', (c) => c.setPosition({ transport: t0, destination: el(T.Slot, 24), flip: false }));
});

test('setPosition: flip needs CHANGER_MEDIUM_FLIP', async () => {
  await rejects(without(FULL, Features0.MEDIUM_FLIP), 'INVALID_PARAMETER', (c) => c.setPosition({ transport: t0, destination: el(T.Slot, 0), flip: true }));
  await passes(FULL, 'setPosition', (c) => c.setPosition({ transport: t0, destination: el(T.Slot, 0), flip: true }));
});

// --- moveMedium --------------------------------------------------------------------------------

test('moveMedium: every media type to every media type within MoveFrom capabilities', async () => {
  await passes(MINIMAL, 'moveMedium', (c) => c.moveMedium(move(el(T.Slot, 7), el(T.Drive, 0))));
  await passes(MINIMAL, 'moveMedium', (c) => c.moveMedium(move(el(T.Drive, 0), el(T.Slot, 0))));
  await rejects(MINIMAL, 'INVALID_DEVICE_REQUEST', (c) => c.moveMedium(move(el(T.Drive, 0), el(T.Drive, 0))));
  await passes(FULL, 'moveMedium', (c) => c.moveMedium(move(el(T.IEPort, 1), el(T.Transport, 0))));
});

test('moveMedium: door, keypad and AllElements are not move elements', async () => {
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.moveMedium(move(el(T.Door, 0), el(T.Slot, 0))));
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.moveMedium(move(el(T.Slot, 0), el(T.Keypad, 0))));
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.moveMedium(move(el(T.AllElements, 0), el(T.Slot, 0))));
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.moveMedium({ transport: el(T.Drive, 0), source: el(T.Slot, 0), destination: el(T.Drive, 0), flip: false }));
});

test('moveMedium: indexes out of range are ILLEGAL_ELEMENT_ADDRESS', async () => {
  await rejects(MINIMAL, 'ILLEGAL_ELEMENT_ADDRESS', (c) => c.moveMedium(move(el(T.Slot, 8), el(T.Drive, 0))));
  await rejects(MINIMAL, 'ILLEGAL_ELEMENT_ADDRESS', (c) => c.moveMedium(move(el(T.Slot, 0), el(T.Drive, 1))));
  await rejects(MINIMAL, 'ILLEGAL_ELEMENT_ADDRESS', (c) => c.moveMedium({ transport: el(T.Transport, 1), source: el(T.Slot, 0), destination: el(T.Drive, 0), flip: false }));
});

test('moveMedium: flip needs CHANGER_MEDIUM_FLIP; malformed indexes are INVALID_PARAMETER', async () => {
  await rejects(MINIMAL, 'INVALID_PARAMETER', (c) => c.moveMedium(move(el(T.Slot, 0), el(T.Drive, 0), true)));
  await rejects(MINIMAL, 'INVALID_PARAMETER', (c) => c.moveMedium(move(el(T.Slot, -1), el(T.Drive, 0))));
  await rejects(MINIMAL, 'INVALID_PARAMETER', (c) => c.moveMedium(move(el(T.Slot, 1.5), el(T.Drive, 0))));
});

// --- exchangeMedium ----------------------------------------------------------------------------

const exchange = (source: ReturnType<typeof el>, d1: ReturnType<typeof el>, d2: ReturnType<typeof el>) => ({ transport: t0, source, destination1: d1, destination2: d2, flip1: false, flip2: false });

test('exchangeMedium: needs CHANGER_EXCHANGE_MEDIA and the ExchangeFrom byte', async () => {
  await rejects(MINIMAL, 'INVALID_DEVICE_REQUEST', (c) => c.exchangeMedium(exchange(el(T.Slot, 0), el(T.Drive, 0), el(T.Slot, 0))));
  await rejects({ ...FULL, exchangeFromSlot: ChangerTo.SLOT }, 'INVALID_DEVICE_REQUEST', (c) => c.exchangeMedium(exchange(el(T.Slot, 0), el(T.Drive, 0), el(T.Slot, 0))));
  await passes(FULL, 'exchangeMedium', (c) => c.exchangeMedium(exchange(el(T.Slot, 0), el(T.Drive, 0), el(T.Slot, 0))));
  await passes(FULL, 'exchangeMedium', (c) => c.exchangeMedium(exchange(el(T.Slot, 0), el(T.Drive, 0), el(T.Slot, 5))));
});

test('exchangeMedium: the second leg (first → second destination) is checked against the ExchangeFrom byte of the first destination\'s type', async () => {
  const noDriveToIePort = { ...FULL, exchangeFromDrive: ChangerTo.SLOT | ChangerTo.DRIVE | ChangerTo.TRANSPORT };
  const { changer, mini } = await openWith(noDriveToIePort);
  try {
    await assert.rejects(changer.exchangeMedium(exchange(el(T.Slot, 0), el(T.Drive, 0), el(T.IEPort, 0))), (e: unknown) =>
      e instanceof ChangerError && e.code === 'INVALID_DEVICE_REQUEST' &&
      e.message === 'this changer does not support exchanges drive → ieport (the first destination → second destination leg)');
    assert.deepEqual(mini.routines(), []);
  } finally {
    await changer.close();
  }
  // The same exchange with the swap leg back to a slot is allowed.
  await passes(noDriveToIePort, 'exchangeMedium', (c) => c.exchangeMedium(exchange(el(T.IEPort, 0), el(T.Drive, 0), el(T.Slot, 2))));
});

test('exchangeMedium: first destination = second destination is INVALID_PARAMETER', async () => {
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.exchangeMedium(exchange(el(T.Slot, 0), el(T.Drive, 0), el(T.Drive, 0))));
});

test('exchangeMedium: source = first destination, bad types, flips, ranges', async () => {
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.exchangeMedium(exchange(el(T.Slot, 3), el(T.Slot, 3), el(T.Slot, 4))));
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.exchangeMedium(exchange(el(T.Door, 0), el(T.Slot, 3), el(T.Slot, 4))));
  await rejects(FULL, 'ILLEGAL_ELEMENT_ADDRESS', (c) => c.exchangeMedium(exchange(el(T.Slot, 0), el(T.Drive, 0), el(T.Slot, 99))));
  await rejects(without(FULL, Features0.MEDIUM_FLIP), 'INVALID_PARAMETER', (c) => c.exchangeMedium({ ...exchange(el(T.Slot, 0), el(T.Drive, 0), el(T.Slot, 0)), flip2: true }));
});

// --- reinitializeTransport ---------------------------------------------------------------------

test('reinitializeTransport: needs DEVICE_REINITIALIZE_CAPABLE, a transport, in range', async () => {
  await rejects(MINIMAL, 'INVALID_DEVICE_REQUEST', (c) => c.reinitializeTransport(t0));
  await passes(FULL, 'reinitializeTransport', (c) => c.reinitializeTransport(t0));
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.reinitializeTransport(el(T.Slot, 0)));
  await rejects(FULL, 'ILLEGAL_ELEMENT_ADDRESS', (c) => c.reinitializeTransport(el(T.Transport, 1)));
});

// --- queryVolumeTags ---------------------------------------------------------------------------

test('queryVolumeTags: needs CHANGER_VOLUME_IDENTIFICATION and the action category feature', async () => {
  const q = { startingElement: el(T.Slot, 0), action: VolumeTagAction.SearchPrimary, template: 'A0*' };
  await rejects(MINIMAL, 'INVALID_DEVICE_REQUEST', (c) => c.queryVolumeTags(q));
  await passes(FULL, 'queryVolumeTags', (c) => c.queryVolumeTags(q));
  await rejects(without(FULL, Features0.VOLUME_SEARCH), 'INVALID_DEVICE_REQUEST', (c) => c.queryVolumeTags(q));
  await rejects(without(FULL, Features0.VOLUME_ASSERT), 'INVALID_DEVICE_REQUEST', (c) => c.queryVolumeTags({ ...q, action: VolumeTagAction.AssertAlternate }));
  await rejects(without(FULL, Features0.VOLUME_REPLACE), 'INVALID_DEVICE_REQUEST', (c) => c.queryVolumeTags({ ...q, action: VolumeTagAction.ReplacePrimary }));
  await rejects(without(FULL, Features0.VOLUME_UNDEFINE), 'INVALID_DEVICE_REQUEST', (c) => c.queryVolumeTags({ ...q, action: VolumeTagAction.UndefinePrimary }));
});

test('queryVolumeTags: unassigned actions, long templates and bad elements', async () => {
  const q = { startingElement: el(T.Slot, 0), action: VolumeTagAction.SearchAll, template: 'A*' };
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.queryVolumeTags({ ...q, action: 3 as VolumeTagAction }));
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.queryVolumeTags({ ...q, action: 7 as VolumeTagAction }));
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.queryVolumeTags({ ...q, template: 'X'.repeat(41) }));
  await passes(FULL, 'queryVolumeTags', (c) => c.queryVolumeTags({ ...q, template: 'X'.repeat(40) }));
  await rejects(FULL, 'ILLEGAL_ELEMENT_ADDRESS', (c) => c.queryVolumeTags({ ...q, startingElement: el(T.Drive, 4) }));
  await rejects(FULL, 'INVALID_PARAMETER', (c) => c.queryVolumeTags({ ...q, startingElement: el(T.Door, 0) }));
});
