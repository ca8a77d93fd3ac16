import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangerError, type ChangerErrorCode } from '../../../src/shared/changerError.ts';
import { elementCount } from '../../../src/driver/changerParameters.ts';
import { ElementStatusFlags as F, ExceptionCode, type ElementStatus } from '../../../src/driver/elementStatus.ts';
import { ElementType as T } from '../../../src/driver/elementType.ts';
import { Features0, hasFeature } from '../../../src/driver/features.ts';
import { AccessControl, DeviceProblem, VolumeTagAction } from '../../../src/driver/requests.ts';
import type { Changer } from '../../../src/driver/changer.ts';
import { openStack } from './fullStack.ts';

const el = (type: T, index: number) => ({ type, index });
const t0 = el(T.Transport, 0);

async function statusOf(c: Changer, type: T, index: number): Promise<ElementStatus> {
  const [s] = await c.getElementStatus({ element: el(type, index), count: 1, volumeTagInfo: hasFeature(c.cachedParameters.features0, Features0.BAR_CODE_SCANNER_INSTALLED) });
  assert.ok(s);
  return s;
}

async function fails(p: Promise<unknown>, code: ChangerErrorCode, check?: (e: ChangerError) => void): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof ChangerError, String(e));
    assert.equal(e.code, code, e.message);
    check?.(e);
    return true;
  });
}

const PROFILES: { name: string; vendor: string; counts: [number, number, number, number] }[] = [
  // 8 slots, slot 8 the cleaner slot: NumberStorageElements counts the 7 data slots (the seed).
  { name: 'autoloader-8', vendor: 'HP', counts: [1, 7, 0, 1] },
  { name: 'library-24', vendor: 'IBM', counts: [1, 24, 1, 2] },
  { name: 'library-500', vendor: 'STK', counts: [2, 500, 10, 12] },
  { name: 'jukebox-optical', vendor: 'PLASMON', counts: [1, 32, 1, 4] },
];

for (const profile of PROFILES) {
  test(`${profile.name}: parameters, product data and element status through the whole stack`, async () => {
    const s = await openStack(profile.name);
    try {
      const c = s.changer;
      const p = await c.getParameters();
      assert.deepEqual([p.numberTransportElements, p.numberStorageElements, p.numberIEElements, p.numberDataTransferElements], profile.counts);
      assert.equal(p.firstSlotNumber, 1);
      assert.equal(p.firstIEPortNumber, profile.counts[2] > 0 ? profile.counts[1] + 1 : 0);
      assert.equal(hasFeature(p.features0, Features0.BAR_CODE_SCANNER_INSTALLED), true);
      const product = await c.getProductData();
      assert.equal(product.vendorId.trim(), profile.vendor);
      assert.equal(product.deviceType, 8);
      assert.notEqual(product.serialNumber, '');
      const all = await c.getElementStatus({ element: el(T.AllElements, 0), count: elementCount(p, T.AllElements), volumeTagInfo: true });
      assert.equal(all.length, elementCount(p, T.AllElements));
      const contents = s.library.contents();
      const full = all.filter((x) => (x.flags & F.FULL) !== 0);
      assert.equal(full.length, contents.length, 'every cartridge the library holds is reported full somewhere');
      await c.getStatus();
      assert.equal((await c.performDiagnostics()).problem, DeviceProblem.None);
    } finally {
      await s.close();
    }
  });
}

test('library-24: a cartridge goes slot → drive → slot and keeps its barcode and source', async () => {
  const s = await openStack('library-24');
  try {
    const c = s.changer;
    const before = await statusOf(c, T.Slot, 0);
    assert.equal(before.flags & F.FULL, F.FULL);
    const barcode = before.primaryVolumeId;
    assert.ok(barcode);
    await c.moveMedium({ transport: t0, source: el(T.Slot, 0), destination: el(T.Drive, 1), flip: false });
    const drive = await statusOf(c, T.Drive, 1);
    assert.equal(drive.flags & F.FULL, F.FULL);
    assert.equal(drive.primaryVolumeId, barcode);
    assert.deepEqual(drive.sourceElement, el(T.Slot, 0));
    assert.equal(drive.flags & F.SVALID, F.SVALID);
    assert.equal((await statusOf(c, T.Slot, 0)).flags & F.FULL, 0);
    await c.moveMedium({ transport: t0, source: el(T.Drive, 1), destination: el(T.Slot, 0), flip: false });
    assert.equal((await statusOf(c, T.Slot, 0)).primaryVolumeId, barcode);
  } finally {
    await s.close();
  }
});

test('library-24: empty source, full destination and bad index give the Windows errors', async () => {
  const s = await openStack('library-24');
  try {
    const c = s.changer;
    const all = await c.getElementStatus({ element: el(T.Slot, 0), count: 24, volumeTagInfo: true });
    const empty = all.find((x) => (x.flags & F.FULL) === 0);
    const full = all.filter((x) => (x.flags & F.FULL) !== 0);
    assert.ok(empty && full.length >= 2);
    await fails(c.moveMedium({ transport: t0, source: empty.element, destination: el(T.Drive, 0), flip: false }), 'SOURCE_ELEMENT_EMPTY', (e) => {
      assert.deepEqual([e.sense?.key, e.sense?.asc, e.sense?.ascq], [5, 0x3b, 0x0e]);
      assert.equal(e.elementAddress, 4096 + empty.element.index);
      assert.equal(e.ntStatus, 0xc0000283);
    });
    await fails(c.moveMedium({ transport: t0, source: full[0]!.element, destination: full[1]!.element, flip: false }), 'DESTINATION_ELEMENT_FULL', (e) => {
      assert.deepEqual([e.sense?.key, e.sense?.asc, e.sense?.ascq], [5, 0x3b, 0x0d]);
      assert.equal(e.elementAddress, 4096 + full[1]!.element.index);
    });
    await fails(c.moveMedium({ transport: t0, source: el(T.Slot, 24), destination: el(T.Drive, 0), flip: false }), 'ILLEGAL_ELEMENT_ADDRESS');
    await fails(c.moveMedium({ transport: t0, source: el(T.Slot, 0), destination: el(T.Drive, 2), flip: false }), 'ILLEGAL_ELEMENT_ADDRESS');
  } finally {
    await s.close();
  }
});

test('library-24: an open mailslot refuses moves to it with DEVICE_DOOR_OPEN (3A/02)', async () => {
  const s = await openStack('library-24');
  try {
    const c = s.changer;
    const full = (await c.getElementStatus({ element: el(T.Slot, 0), count: 24, volumeTagInfo: true })).find((x) => (x.flags & F.FULL) !== 0)!;
    const mail = await statusOf(c, T.IEPort, 0);
    if ((mail.flags & F.FULL) !== 0) {
      const empty = (await c.getElementStatus({ element: el(T.Slot, 0), count: 24, volumeTagInfo: false })).find((x) => (x.flags & F.FULL) === 0)!;
      await c.moveMedium({ transport: t0, source: el(T.IEPort, 0), destination: empty.element, flip: false });
    }
    await s.library.frontPanel.openMailslot();
    await fails(c.moveMedium({ transport: t0, source: full.element, destination: el(T.IEPort, 0), flip: false }), 'DEVICE_DOOR_OPEN', (e) => {
      assert.deepEqual([e.sense?.key, e.sense?.asc, e.sense?.ascq], [2, 0x3a, 0x02]);
    });
    await s.library.frontPanel.closeMailslot();
    await c.moveMedium({ transport: t0, source: full.element, destination: el(T.IEPort, 0), flip: false });
    assert.equal((await statusOf(c, T.IEPort, 0)).flags & F.FULL, F.FULL);
  } finally {
    await s.close();
  }
});

test('library-500: the door open makes the changer not ready (DEVICE_DOOR_OPEN); after it closes, the unit attention is absorbed', async () => {
  const s = await openStack('library-500');
  try {
    const c = s.changer;
    await s.library.frontPanel.openDoor();
    await fails(c.moveMedium({ transport: t0, source: el(T.Slot, 0), destination: el(T.Drive, 0), flip: false }), 'DEVICE_DOOR_OPEN');
    await s.library.frontPanel.closeDoor();
    await s.library.whenReady();
    await c.moveMedium({ transport: t0, source: el(T.Slot, 0), destination: el(T.Drive, 0), flip: false });
    assert.equal((await statusOf(c, T.Drive, 0)).flags & F.FULL, F.FULL);
  } finally {
    await s.close();
  }
});

test('library-500: predismount eject is required and reported; the drive host ejects, then the robot can pull', async () => {
  const s = await openStack('library-500');
  try {
    const c = s.changer;
    assert.equal(hasFeature(c.cachedParameters.features0, Features0.PREDISMOUNT_EJECT_REQUIRED), true);
    await c.moveMedium({ transport: t0, source: el(T.Slot, 0), destination: el(T.Drive, 3), flip: false });
    await assert.rejects(c.moveMedium({ transport: t0, source: el(T.Drive, 3), destination: el(T.Slot, 0), flip: false }), (e: unknown) => e instanceof ChangerError);
    await s.library.frontPanel.ejectDrive(3);
    await c.moveMedium({ transport: t0, source: el(T.Drive, 3), destination: el(T.Slot, 0), flip: false });
  } finally {
    await s.close();
  }
});

test('unsupported features are INVALID_DEVICE_REQUEST before any CDB: exchange and volume tags on library-24', async () => {
  const s = await openStack('library-24');
  try {
    const c = s.changer;
    assert.equal(hasFeature(c.cachedParameters.features0, Features0.EXCHANGE_MEDIA), false);
    await fails(c.exchangeMedium({ transport: t0, source: el(T.Slot, 0), destination1: el(T.Drive, 0), destination2: el(T.Slot, 0), flip1: false, flip2: false }), 'INVALID_DEVICE_REQUEST');
  } finally {
    await s.close();
  }
});

test('a robot jam leaves the cartridge in the picker: IO_DEVICE_ERROR 04/15/01, diagnostics report the CHM, nothing is lost', async () => {
  const s = await openStack('library-24');
  try {
    const c = s.changer;
    const before = s.library.contents().map((x) => x.cartridge.id).sort((a, b) => a - b);
    s.library.faults.inject({ kind: 'robot-jam' });
    await fails(c.moveMedium({ transport: t0, source: el(T.Slot, 0), destination: el(T.Drive, 0), flip: false }), 'IO_DEVICE_ERROR', (e) => {
      assert.deepEqual([e.sense?.key, e.sense?.asc, e.sense?.ascq], [4, 0x15, 0x01]);
    });
    const picker = await statusOf(c, T.Transport, 0);
    assert.equal(picker.flags & F.FULL, F.FULL);
    assert.equal((await c.performDiagnostics()).problem, DeviceProblem.CHMError);
    assert.deepEqual(s.library.contents().map((x) => x.cartridge.id).sort((a, b) => a - b), before);
  } finally {
    await s.close();
  }
});

test('jukebox-optical: flip is supported; a medium moved with invert reports INVERT and its side-B tag', async () => {
  const s = await openStack('jukebox-optical');
  try {
    const c = s.changer;
    assert.equal(hasFeature(c.cachedParameters.features0, Features0.MEDIUM_FLIP), true);
    const slot = await statusOf(c, T.Slot, 0);
    assert.ok(slot.alternateVolumeId, 'two-sided media carry an alternate volume tag');
    await c.moveMedium({ transport: t0, source: el(T.Slot, 0), destination: el(T.Drive, 0), flip: true });
    const drive = await statusOf(c, T.Drive, 0);
    assert.equal(drive.flags & F.INVERT, F.INVERT);
  } finally {
    await s.close();
  }
});

test('setAccess locks and unlocks through PREVENT ALLOW MEDIUM REMOVAL; a locked mailslot cannot be opened by the operator', async () => {
  const s = await openStack('library-24');
  try {
    const c = s.changer;
    await c.setAccess(el(T.IEPort, 0), AccessControl.Lock);
    await assert.rejects(s.library.frontPanel.openMailslot());
    await c.setAccess(el(T.IEPort, 0), AccessControl.Unlock);
    await s.library.frontPanel.openMailslot();
    await s.library.frontPanel.closeMailslot();
  } finally {
    await s.close();
  }
});

test('initializeElementStatus and a magazine pulled: its slots report SLOT_NOT_PRESENT exceptions', async () => {
  const s = await openStack('library-24');
  try {
    const c = s.changer;
    await c.initializeElementStatus({ element: el(T.AllElements, 0), count: 0, barCodeScan: true });
    s.library.frontPanel.pullMagazine('right');
    const slots = await c.getElementStatus({ element: el(T.Slot, 12), count: 12, volumeTagInfo: true });
    for (const x of slots) {
      assert.equal(x.flags & F.ACCESS, 0);
      assert.equal(x.flags & F.EXCEPT, F.EXCEPT);
      assert.equal(x.exceptionCode, ExceptionCode.SlotNotPresent);
    }
  } finally {
    await s.close();
  }
});

test('a magazine pulled and pushed back between two commands: both attentions are taken, the next command answers', async () => {
  const s = await openStack('library-24');
  try {
    const c = s.changer;
    await c.getElementStatus({ element: el(T.Slot, 0), count: 1, volumeTagInfo: true });
    // Two status-change attentions queued: the first makes the driver re-read its mode pages, which meet the second.
    s.library.frontPanel.pullMagazine('right');
    await s.library.frontPanel.insertMagazine('right');
    const slots = await c.getElementStatus({ element: el(T.Slot, 12), count: 12, volumeTagInfo: true });
    assert.equal(slots.length, 12);
    assert.ok(slots.every((x) => (x.flags & F.EXCEPT) === 0));
  } finally {
    await s.close();
  }
});

test('queryVolumeTags finds cartridges by template where the changer supports it', async (t) => {
  const s = await openStack('library-500');
  try {
    const c = s.changer;
    if (!hasFeature(c.cachedParameters.features0, Features0.VOLUME_IDENTIFICATION)) {
      t.skip('the library-500 profile does not offer SEND VOLUME TAG');
      return;
    }
    const found = await c.queryVolumeTags({ startingElement: el(T.AllElements, 0), action: VolumeTagAction.SearchPrimary, template: 'CLN*' });
    assert.deepEqual(found.map((x) => x.primaryVolumeId).sort(), ['CLN001L1', 'CLN002L1']);
  } finally {
    await s.close();
  }
});

test('enterprise-10000: drive addresses with gaps map to consecutive zero-based drives', async () => {
  const s = await openStack('enterprise-10000');
  try {
    const c = s.changer;
    const p = c.cachedParameters;
    assert.deepEqual([p.numberStorageElements, p.numberDataTransferElements, p.numberIEElements], [10000, 64, 32]);
    await c.moveMedium({ transport: t0, source: el(T.Slot, 0), destination: el(T.Drive, 63), flip: false });
    const drive = await statusOf(c, T.Drive, 63);
    assert.equal(drive.flags & F.FULL, F.FULL);
    assert.deepEqual(drive.sourceElement, el(T.Slot, 0));
    const drives = await c.getElementStatus({ element: el(T.Drive, 0), count: 64, volumeTagInfo: false });
    assert.deepEqual(drives.map((d) => d.element.index), Array.from({ length: 64 }, (_, i) => i));
  } finally {
    await s.close();
  }
});

test('setPosition and reinitializeTransport reach the device (POSITION TO ELEMENT)', async () => {
  const s = await openStack('library-24');
  try {
    const c = s.changer;
    assert.equal(hasFeature(c.cachedParameters.features0, Features0.POSITION_TO_ELEMENT), true);
    await c.setPosition({ transport: t0, destination: el(T.Drive, 1), flip: false });
    await c.setPosition({ transport: t0, destination: el(T.Slot, 23), flip: false });
    await c.reinitializeTransport(t0);
    await fails(c.setPosition({ transport: t0, destination: el(T.Drive, 1), flip: true }), 'INVALID_PARAMETER');
  } finally {
    await s.close();
  }
});

test('enterprise-10000: EXCHANGE MEDIUM swaps a drive\'s cartridge with a slot\'s in one command', async () => {
  const s = await openStack('enterprise-10000');
  try {
    const c = s.changer;
    assert.equal(hasFeature(c.cachedParameters.features0, Features0.EXCHANGE_MEDIA), true);
    const slots = await c.getElementStatus({ element: el(T.Slot, 0), count: 4, volumeTagInfo: true });
    const [a, b] = slots.filter((x) => (x.flags & F.FULL) !== 0);
    assert.ok(a && b);
    await c.moveMedium({ transport: t0, source: a.element, destination: el(T.Drive, 0), flip: false });
    await c.exchangeMedium({ transport: t0, source: b.element, destination1: el(T.Drive, 0), destination2: a.element, flip1: false, flip2: false });
    assert.equal((await statusOf(c, T.Drive, 0)).primaryVolumeId, b.primaryVolumeId);
    assert.equal((await statusOf(c, a.element.type, a.element.index)).primaryVolumeId, a.primaryVolumeId);
    assert.equal((await statusOf(c, b.element.type, b.element.index)).flags & F.FULL, 0);
  } finally {
    await s.close();
  }
});
