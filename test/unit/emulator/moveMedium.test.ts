/**
 * Mechanics through CDBs: MOVE MEDIUM, EXCHANGE MEDIUM, POSITION TO ELEMENT — sense for every
 * refusal, source addresses, timings on the virtual clock, one command per robot at a time,
 * predismount eject, flipping two-sided media.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ScsiStatus,
  SenseKey,
  buildExchangeMediumCdb,
  buildMoveMediumCdb,
  buildPositionToElementCdb,
  buildReadElementStatusCdb,
  parseSenseData,
} from '../../../src/scsi/index.ts';
import { HOST_A, assertGood, assertSense, drainAttentions, element, openTestLibrary, send } from './helpers.ts';

function move(source: number, destination: number, transport = 0, invert = false): Buffer {
  return buildMoveMediumCdb({ transportElementAddress: transport, sourceAddress: source, destinationAddress: destination, invert });
}

// library-24 (IBM 3573-TL map): transport 1, mailslot 16, drives 256–257, slots 4096–4119.
const SLOT = (n: number): number => 4096 + n;
const DRIVE0 = 256;

describe('MOVE MEDIUM', () => {
  it('refuses an empty source with 05/3B/0E and a full destination with 05/3B/0D', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    assertSense(await send(lib, move(SLOT(4), SLOT(5))), SenseKey.ILLEGAL_REQUEST, 0x3b, 0x0e); // slot 5 of the series is empty
    assertSense(await send(lib, move(SLOT(0), SLOT(1))), SenseKey.ILLEGAL_REQUEST, 0x3b, 0x0d);
  });

  it('refuses an address that is no element with 05/21/01 pointing at the field', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const r = await send(lib, move(SLOT(0), 0x0200));
    assertSense(r, SenseKey.ILLEGAL_REQUEST, 0x21, 0x01);
    const s = parseSenseData(r.sense as Uint8Array);
    assert.deepEqual(s.format === 'fixed' ? s.senseKeySpecific : undefined, { kind: 'field-pointer', commandData: true, fieldPointer: 6 });
    assertSense(await send(lib, move(SLOT(0), SLOT(30), 0x0005)), SenseKey.ILLEGAL_REQUEST, 0x21, 0x01);
  });

  it('moves slot → drive → slot and keeps the source address right', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    assertGood(await send(lib, move(SLOT(0), DRIVE0)));
    const loaded = await element(lib, DRIVE0);
    assert.equal(loaded.full, true);
    assert.equal(loaded.sValid, true);
    assert.equal(loaded.sourceAddress, SLOT(0));
    assert.equal(loaded.primaryVolumeTag?.volumeIdentifier, 'A00001L8');
    assert.equal((await element(lib, SLOT(0))).full, false);
    assertGood(await send(lib, move(DRIVE0, SLOT(0))));
    const back = await element(lib, SLOT(0));
    assert.equal(back.full, true);
    assert.equal(back.sValid, true);
    assert.equal(back.sourceAddress, SLOT(0));
    assert.equal((await element(lib, DRIVE0)).full, false);
  });

  it('returns exact descriptor bytes for a loaded drive (VOLTAG, data medium, SValid)', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    assertGood(await send(lib, move(SLOT(1), DRIVE0)));
    const r = await send(lib, buildReadElementStatusCdb({ elementType: 4, startingElementAddress: DRIVE0, numberOfElements: 1, volumeTag: true, allocationLength: 0x100 }));
    assertGood(r);
    const hex = Buffer.from(r.dataIn).toString('hex');
    const tag = Buffer.from('A00002L8'.padEnd(32), 'latin1').toString('hex');
    assert.equal(
      hex,
      '0100' + '0001' + '00' + '000038' + // header: first 256, 1 element, 56 bytes follow
        '04' + '80' + '0030' + '00' + '000030' + // DT page, PVolTag, 48-byte descriptors, 48 bytes
        '0100' + '09' + '00' + '0000' + '0000' + '00' + '81' + '1001' + // Access|Full, SValid + data, source 4097
        tag + '0000' + '0000',
    );
  });

  it('takes exactly the profile\'s time: slot→slot a move, slot→drive a move plus the drive load', async () => {
    const { lib, clock } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    let t0 = clock.now();
    assertGood(await send(lib, move(SLOT(0), SLOT(4))));
    assert.equal(clock.now() - t0, 8000);
    t0 = clock.now();
    assertGood(await send(lib, move(SLOT(4), DRIVE0)));
    assert.equal(clock.now() - t0, 8000 + 15000);
    t0 = clock.now();
    // No predismount eject here: the library unloads the drive itself first.
    assertGood(await send(lib, move(DRIVE0, SLOT(4))));
    assert.equal(clock.now() - t0, 24000 + 8000);
  });

  it('serves one command at a time per robot: a second move waits its turn (queue profile)', async () => {
    const { lib, clock } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const t0 = clock.now();
    const finished: number[] = [];
    await Promise.all([
      send(lib, move(SLOT(0), SLOT(4))).then((r) => (assertGood(r), finished.push(clock.now() - t0))),
      send(lib, move(SLOT(1), SLOT(9))).then((r) => (assertGood(r), finished.push(clock.now() - t0))),
    ]);
    assert.deepEqual(finished, [8000, 16000]);
  });

  it('two robots work in parallel; a command for a busy robot gets BUSY (busy profile)', async () => {
    // library-500: robots at transport 1 and 2, slots 1000–1499, BUSY policy.
    const { lib, clock } = await openTestLibrary('library-500');
    await drainAttentions(lib);
    const t0 = clock.now();
    const first = send(lib, move(1000, 1009, 1));
    const second = send(lib, move(1001, 1019, 2));
    const third = await send(lib, move(1002, 1029, 1));
    assert.equal(third.status, ScsiStatus.BUSY);
    assertGood(await first);
    assertGood(await second);
    assert.equal(clock.now() - t0, 10_000);
  });

  it('lets the default transport (0) pick an idle robot', async () => {
    const { lib, clock } = await openTestLibrary('library-500');
    await drainAttentions(lib);
    const t0 = clock.now();
    const results = await Promise.all([send(lib, move(1000, 1009)), send(lib, move(1001, 1019))]);
    results.forEach(assertGood);
    assert.equal(clock.now() - t0, 10_000);
  });

  it('requires the drive\'s host to eject first when the profile says so (CHANGER_PREDISMOUNT_EJECT_REQUIRED)', async () => {
    const { lib, clock } = await openTestLibrary('library-500');
    await drainAttentions(lib);
    assertGood(await send(lib, move(1000, 500)));
    assert.equal((await element(lib, 500)).access, false);
    assertSense(await send(lib, move(500, 1000)), SenseKey.ILLEGAL_REQUEST, 0x3b, 0x83);
    const t0 = clock.now();
    await lib.frontPanel.ejectDrive(0);
    assert.equal(clock.now() - t0, 24_000);
    assert.equal((await element(lib, 500)).access, true);
    assertGood(await send(lib, move(500, 1000)));
    assert.equal((await element(lib, 1000)).full, true);
  });

  it('keeps cleaning cartridges as medium type 2 and counts their uses down', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const cleaner = lib.contents().find((c) => c.cartridge.label === 'CLN001L1');
    assert.equal(cleaner?.cartridge.cleaningUsesLeft, 50);
    assert.equal((await element(lib, SLOT(20))).mediumType, 2);
    assertGood(await send(lib, move(SLOT(20), DRIVE0)));
    // Pulled before its cycle ends, the cleaner has not cleaned: no use counted.
    assertGood(await send(lib, move(DRIVE0, SLOT(20))));
    assert.equal(lib.contents().find((c) => c.cartridge.label === 'CLN001L1')?.cartridge.cleaningUsesLeft, 50);
    assertGood(await send(lib, move(SLOT(20), DRIVE0)));
    await lib.frontPanel.driveReady(0);
    assertGood(await send(lib, move(DRIVE0, SLOT(20))));
    assert.equal(lib.contents().find((c) => c.cartridge.label === 'CLN001L1')?.cartridge.cleaningUsesLeft, 49);
  });

  it('refuses INVERT on a transport that cannot rotate with 05/24/00 at byte 10 bit 0', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const r = await send(lib, move(SLOT(0), SLOT(4), 0, true));
    assertSense(r, SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);
    assert.equal(Buffer.from(r.sense as Uint8Array).subarray(15, 18).toString('hex'), 'c8000a');
  });

  it('moves a cartridge out through the mailslot even while removal is prevented', async () => {
    const { lib } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    assertGood(await send(lib, Uint8Array.from([0x1e, 0, 0, 0, 1, 0])));
    assertGood(await send(lib, move(16, SLOT(4))));
    assertGood(await send(lib, move(SLOT(0), 16)));
    assert.equal((await element(lib, 16)).full, true);
  });
});

describe('MOVE MEDIUM with two-sided media (jukebox-optical)', () => {
  // Slots 1–32, transport 2000h, drives 3001h–3004h, mailslot 4000h.
  it('flips a disk with INVERT: Invert bit set, primary and alternate tags swap, flip time added', async () => {
    const { lib, clock } = await openTestLibrary('jukebox-optical');
    await drainAttentions(lib);
    const before = await element(lib, 1);
    assert.equal(before.primaryVolumeTag?.volumeIdentifier, 'UDO0001A');
    assert.equal(before.alternateVolumeTag?.volumeIdentifier, 'UDO0001B');
    const t0 = clock.now();
    assertGood(await send(lib, move(1, 0x3001, 0x2000, true)));
    assert.equal(clock.now() - t0, 6000 + 2000 + 8000);
    const flipped = await element(lib, 0x3001);
    assert.equal(flipped.invert, true);
    assert.equal(flipped.sValid, true);
    assert.equal(flipped.sourceAddress, 1);
    assert.equal(flipped.primaryVolumeTag?.volumeIdentifier, 'UDO0001B');
    assert.equal(flipped.alternateVolumeTag?.volumeIdentifier, 'UDO0001A');
    assertGood(await send(lib, move(0x3001, 1, 0x2000, true)));
    const home = await element(lib, 1);
    assert.equal(home.invert, false);
    assert.equal(home.primaryVolumeTag?.volumeIdentifier, 'UDO0001A');
  });
});

describe('EXCHANGE MEDIUM (enterprise-10000, two grippers per accessor)', () => {
  it('swaps a slot and a drive in one command and takes the exchange time', async () => {
    const { lib, clock } = await openTestLibrary('enterprise-10000');
    await drainAttentions(lib);
    assertGood(await send(lib, move(1024, 257)));
    const t0 = clock.now();
    const swap = buildExchangeMediumCdb({ transportElementAddress: 0, sourceAddress: 1025, firstDestinationAddress: 257, secondDestinationAddress: 1024 });
    assertGood(await send(lib, swap));
    // Drive unloads first (30 s), then the exchange (5 s), then the drive loads the new cartridge (17 s).
    assert.equal(clock.now() - t0, 30_000 + 5000 + 17_000);
    assert.equal((await element(lib, 257)).primaryVolumeTag?.volumeIdentifier, 'E00002L9');
    assert.equal((await element(lib, 1024)).primaryVolumeTag?.volumeIdentifier, 'E00001L9');
    assert.equal((await element(lib, 1025)).full, false);
  });

  it('refuses when the first destination is empty (05/3B/0E)', async () => {
    const { lib } = await openTestLibrary('enterprise-10000');
    await drainAttentions(lib);
    const swap = buildExchangeMediumCdb({ transportElementAddress: 0, sourceAddress: 1024, firstDestinationAddress: 257, secondDestinationAddress: 1024 });
    assertSense(await send(lib, swap), SenseKey.ILLEGAL_REQUEST, 0x3b, 0x0e);
  });
});

describe('POSITION TO ELEMENT', () => {
  it('takes the positioning time and changes nothing', async () => {
    const { lib, clock } = await openTestLibrary('library-24');
    await drainAttentions(lib);
    const t0 = clock.now();
    assertGood(await send(lib, buildPositionToElementCdb({ transportElementAddress: 1, destinationAddress: DRIVE0 })));
    assert.equal(clock.now() - t0, 3000);
    assertSense(await send(lib, buildPositionToElementCdb({ transportElementAddress: 1, destinationAddress: 1 })), SenseKey.ILLEGAL_REQUEST, 0x21, 0x01);
  });

  it('is an unsupported command on a model without it (05/20/00)', async () => {
    const { lib } = await openTestLibrary('autoloader-8');
    await drainAttentions(lib, HOST_A);
    assertSense(await send(lib, buildPositionToElementCdb({ transportElementAddress: 1, destinationAddress: 32 })), SenseKey.ILLEGAL_REQUEST, 0x20, 0x00);
  });
});

describe('MOVE MEDIUM with zero-time mechanics', () => {
  // answer() gives a result, not a promise: the iSCSI target sends the status in the same turn.
  const answerNow = (lib: Awaited<ReturnType<typeof openTestLibrary>>['lib'], cdb: Buffer): ReturnType<typeof lib.device.answer> => lib.device.answer(HOST_A, { cdb, dataInLength: 0 });

  it('answers a move between slots at once, with the same senses and end state as a timed move', async () => {
    const { lib } = await openTestLibrary('library-24', { instant: true });
    await drainAttentions(lib);
    const moved = answerNow(lib, move(SLOT(0), SLOT(4)));
    assert.ok(!(moved instanceof Promise));
    assertGood(moved);
    assert.deepEqual([(await element(lib, SLOT(0))).full, (await element(lib, SLOT(4))).sourceAddress], [false, SLOT(0)]);
    const empty = answerNow(lib, move(SLOT(0), SLOT(5)));
    assert.ok(!(empty instanceof Promise));
    assertSense(empty, SenseKey.ILLEGAL_REQUEST, 0x3b, 0x0e);
    assertSense(answerNow(lib, move(SLOT(1), SLOT(2))) as Awaited<ReturnType<typeof lib.device.answer>>, SenseKey.ILLEGAL_REQUEST, 0x3b, 0x0d);
    lib.faults.inject({ kind: 'robot-jam' });
    assertSense(answerNow(lib, move(SLOT(1), SLOT(0))) as Awaited<ReturnType<typeof lib.device.answer>>, SenseKey.HARDWARE_ERROR, 0x15, 0x01);
    // Jammed at the pick: the cartridge stays in the picker, neither slot holds it.
    assert.deepEqual([(await element(lib, 1)).sourceAddress, (await element(lib, SLOT(1))).full, (await element(lib, SLOT(0))).full], [SLOT(1), false, false]);
  });

  it('still answers a move into a drive once the drive has it (a drive loads on its own time)', async () => {
    const { lib } = await openTestLibrary('library-24', { instant: true });
    await drainAttentions(lib);
    const r = answerNow(lib, move(SLOT(0), DRIVE0));
    assert.ok(r instanceof Promise);
    assertGood(await r);
    assert.equal((await element(lib, DRIVE0)).full, true);
  });
});
