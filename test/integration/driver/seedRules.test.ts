// The seed's rules for GET_CHANGER_PARAMETERS (the GET_CHANGER_PARAMETERS reference page, quoted
// as each test's name), checked on the real stack — class driver → SMC miniclass → loopback →
// virtual library — so a rule holds for what a host actually sees, not just for a fixture.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canLock } from '../../../src/driver/capabilities.ts';
import { Changer } from '../../../src/driver/changer.ts';
import { cleanerSlotIndex, elementCount, EMPTY_PARAMETERS, type ChangerParameters } from '../../../src/driver/changerParameters.ts';
import { ElementStatusFlags } from '../../../src/driver/elementStatus.ts';
import { ElementType as T } from '../../../src/driver/elementType.ts';
import { Features0, hasFeature } from '../../../src/driver/features.ts';
import { AccessControl } from '../../../src/driver/requests.ts';
import { SmcMiniclass } from '../../../src/driver/smc/smcMiniclass.ts';
import { validateParameters } from '../../../src/driver/validateParameters.ts';
import { FrontPanelError, VirtualClock, VirtualLibrary } from '../../../src/emulator/index.ts';
import { LoopbackTransport } from '../../../src/transport/loopback.ts';

interface Stack {
  readonly changer: Changer;
  readonly library: VirtualLibrary;
  readonly clock: VirtualClock | undefined;
  close(): Promise<void>;
}

/** The stack on a profile; `before` acts on the library (its front panel) before the driver opens it. */
async function openStack(profile: string, options: { clock?: VirtualClock; before?: (l: VirtualLibrary) => void | Promise<void> } = {}): Promise<Stack> {
  const dir = await mkdtemp(join(tmpdir(), `changer-seed-${profile}-`));
  const library = await VirtualLibrary.open({ dir, profile, ...(options.clock === undefined ? { instant: true } : { clock: options.clock }) });
  await options.before?.(library);
  const changer = await Changer.open(`virtual:${dir}`, {
    owner: 'seed rules test',
    connect: async () => new SmcMiniclass(new LoopbackTransport(library.device, { initiator: 'seed-test', lun: 0 }, `virtual:${dir}`)),
  });
  return {
    changer, library, clock: options.clock,
    close: async () => {
      await changer.close();
      await library.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function withStack(profile: string, work: (s: Stack) => Promise<void>, options: Parameters<typeof openStack>[1] = {}): Promise<void> {
  const s = await openStack(profile, options);
  try {
    await work(s);
  } finally {
    await s.close();
  }
}

const rules = (p: ChangerParameters): string[] => validateParameters(p).map((v) => v.rule);

test('A changer that has two picker mechanisms on its transport must not be represented as having two transports, because pickers cannot be addressed individually', async () => {
  // enterprise-10000: two accessors, each with two grippers — two transports, not four.
  await withStack('enterprise-10000', async ({ changer }) => {
    const p = changer.cachedParameters;
    assert.equal(p.numberTransportElements, 2);
    const transports = await changer.getElementStatus({ element: { type: T.Transport, index: 0 }, count: 2, volumeTagInfo: false });
    assert.deepEqual(transports.map((t) => t.element), [{ type: T.Transport, index: 0 }, { type: T.Transport, index: 1 }]);
    // Both grippers of transport 1 are still there: one EXCHANGE MEDIUM swaps a slot and a drive.
    const slot = (index: number): { type: T; index: number } => ({ type: T.Slot, index });
    await changer.moveMedium({ transport: { type: T.Transport, index: 1 }, source: slot(0), destination: { type: T.Drive, index: 0 }, flip: false });
    await changer.exchangeMedium({ transport: { type: T.Transport, index: 1 }, source: slot(1), destination1: { type: T.Drive, index: 0 }, destination2: slot(0), flip1: false, flip2: false });
    const [drive] = await changer.getElementStatus({ element: { type: T.Drive, index: 0 }, count: 1, volumeTagInfo: true });
    assert.equal(drive?.primaryVolumeId, 'E00002L9');
  });
});

test("A changer's door can be a physical front door or a single magazine that contains all media", async () => {
  // autoloader-8: one magazine holds all 8 slots, so it is the door, and locking the door locks the magazine.
  await withStack('autoloader-8', async ({ changer, library }) => {
    const p = changer.cachedParameters;
    assert.equal(p.numberOfDoors, 1);
    assert.equal(p.numberIEElements, 0);
    assert.equal(canLock(p, T.Door), true);
    await changer.setAccess({ type: T.Door, index: 0 }, AccessControl.Lock);
    assert.throws(() => library.frontPanel.pullMagazine('magazine'), (e: unknown) => e instanceof FrontPanelError && e.code === 'MAGAZINE_LOCKED');
    await changer.setAccess({ type: T.Door, index: 0 }, AccessControl.Unlock);
    library.frontPanel.pullMagazine('magazine');
  });
  // library-24: two magazines, neither holding every cartridge — no door at all.
  await withStack('library-24', async ({ changer }) => {
    assert.equal(changer.cachedParameters.numberOfDoors, 0);
  });
});

test('If a changer has 8 slots numbered 1 through 8 and its operator\'s guide designates slot 8 as the drive cleaner slot, FirstSlotNumber would be 1 and FirstCleanerSlotAddress would be 8. If the same 8 slots were numbered 0 through 7, FirstSlotNumber would be 0 and FirstCleanerSlotAddress would be 7', async () => {
  const oneToEight: ChangerParameters = {
    ...EMPTY_PARAMETERS, numberTransportElements: 1, numberStorageElements: 7, numberCleanerSlots: 1, numberDataTransferElements: 1,
    firstSlotNumber: 1, firstCleanerSlotAddress: 8,
    features0: Features0.STORAGE_SLOT | Features0.DRIVE_CLEANING_REQUIRED | Features0.CLEANER_SLOT,
  };
  assert.deepEqual(rules(oneToEight), []);
  assert.deepEqual(rules({ ...oneToEight, firstSlotNumber: 0, firstCleanerSlotAddress: 7 }), []);
  assert.equal(cleanerSlotIndex(oneToEight), 7);
  assert.equal(cleanerSlotIndex({ ...oneToEight, firstSlotNumber: 0, firstCleanerSlotAddress: 7 }), 7);
  assert.deepEqual(rules({ ...oneToEight, firstCleanerSlotAddress: 9 }), ['cleaner-address-range']);
  // autoloader-8 is that changer: 7 data slots and the cleaner in the eighth (zero-based slot 7).
  await withStack('autoloader-8', async ({ changer }) => {
    const p = changer.cachedParameters;
    assert.deepEqual(
      { first: p.firstSlotNumber, cleaner: p.firstCleanerSlotAddress, slots: p.numberStorageElements, cleanerSlots: p.numberCleanerSlots, flag: hasFeature(p.features0, Features0.CLEANER_SLOT) },
      { first: 1, cleaner: 8, slots: 7, cleanerSlots: 1, flag: true },
    );
    assert.equal(elementCount(p, T.Slot), 8);
    const [cleaner] = await changer.getElementStatus({ element: { type: T.Slot, index: cleanerSlotIndex(p) ?? -1 }, count: 1, volumeTagInfo: true });
    assert.equal(cleaner?.primaryVolumeId, 'CLN001L1');
  });
});

test('If NumberIEElements is 0, FirstIEPortNumber must also be 0', async () => {
  await withStack('autoloader-8', async ({ changer }) => {
    assert.equal(changer.cachedParameters.numberIEElements, 0);
    assert.equal(changer.cachedParameters.firstIEPortNumber, 0);
  });
  assert.deepEqual(rules({ ...EMPTY_PARAMETERS, numberTransportElements: 1, numberStorageElements: 8, features0: Features0.STORAGE_SLOT, firstIEPortNumber: 9 }), ['ieport-number-zero']);
});

test('MagazineSize: This member is valid only if CHANGER_CARTRIDGE_MAGAZINE is set in Features0', async () => {
  for (const [profile, size] of [['library-24', 12], ['library-500', 0]] as const) {
    await withStack(profile, async ({ changer }) => {
      const p = changer.cachedParameters;
      assert.equal(p.magazineSize, size, profile);
      assert.equal(hasFeature(p.features0, Features0.CARTRIDGE_MAGAZINE), size > 0, profile);
    });
  }
  assert.deepEqual(rules({ ...EMPTY_PARAMETERS, numberTransportElements: 1, numberStorageElements: 8, features0: Features0.STORAGE_SLOT | Features0.CARTRIDGE_MAGAZINE }), ['magazine-size']);
});

test('if a drive is typically cleaned in 300 seconds (5 minutes), DriveCleanTimeout should be set to 600', async () => {
  // Measured on the library's own clock: the cleaning the emulator performs takes half of DriveCleanTimeout.
  const clock = new VirtualClock({ autoAdvance: true });
  await withStack('autoloader-8', async ({ changer, library }) => {
    const p = changer.cachedParameters;
    assert.equal(hasFeature(p.features0, Features0.DRIVE_CLEANING_REQUIRED), true);
    await changer.moveMedium({ transport: { type: T.Transport, index: 0 }, source: { type: T.Slot, index: cleanerSlotIndex(p) ?? -1 }, destination: { type: T.Drive, index: 0 }, flip: false });
    const start = clock.now();
    await library.frontPanel.driveReady(0);
    const cleaningSeconds = (clock.now() - start) / 1000;
    assert.equal(cleaningSeconds, 90);
    assert.equal(p.driveCleanTimeout, 2 * cleaningSeconds);
  }, { clock });
  // UDO drives have no cleaners: no cleaning flag and no timeout.
  await withStack('jukebox-optical', async ({ changer }) => {
    const p = changer.cachedParameters;
    assert.equal(hasFeature(p.features0, Features0.DRIVE_CLEANING_REQUIRED), false);
    assert.equal(p.driveCleanTimeout, 0);
  });
});

test('NumberStorageElements: This value represents the maximum number of slots available for this changer, including those in removable magazines, whether the magazines are installed', async () => {
  // library-24 with its left magazine pulled before the driver first looks: still 24 slots.
  await withStack('library-24', async ({ changer }) => {
    assert.equal(changer.cachedParameters.numberStorageElements, 24);
    const [first] = await changer.getElementStatus({ element: { type: T.Slot, index: 0 }, count: 1, volumeTagInfo: false });
    assert.equal(((first?.flags ?? 0) & ElementStatusFlags.EXCEPT) !== 0, true, 'the pulled magazine\'s slot reports an exception');
  }, { before: (l) => l.frontPanel.pullMagazine('left') });
});
