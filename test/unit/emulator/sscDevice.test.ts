/**
 * The library's tape drives as SCSI devices (SSC-3 subset), driven through CDBs on their own LUNs
 * the way a host's st driver or labelling software drives them: identity that matches the
 * changer's DVCID, readiness through a load, reading labels record by record with the exact
 * sense a real drive gives (ILI, FILEMARK, BLANK CHECK), writing with tape semantics, spacing,
 * unloading for the robot, and TapeAlert cleaning flags.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  ElementTypeCode,
  ScsiStatus,
  SpaceCode,
  buildInquiryCdb,
  buildLoadUnloadCdb,
  buildLogSenseCdb,
  buildModeSense6Cdb,
  buildMoveMediumCdb,
  buildPreventAllowMediumRemovalCdb,
  buildRead6Cdb,
  buildReadBlockLimitsCdb,
  buildReadPositionCdb,
  buildReportLunsCdb,
  buildRequestSenseCdb,
  buildRewindCdb,
  buildSpace6Cdb,
  buildTestUnitReadyCdb,
  buildWrite6Cdb,
  buildWriteFilemarks6Cdb,
  parseReadPositionShortData,
  parseReportLunsData,
  parseTapeAlertLogPage,
} from '../../../src/scsi/index.ts';
import { TAPE_CAPACITY_BYTES, VirtualClock, VirtualLibrary, loadProfile, type Profile } from '../../../src/emulator/index.ts';
import { HOST_A, HOST_B, assertGood, assertSense, drainAttentions, readStatus, send, tempDir } from './helpers.ts';
import { hex, mount, settle, toDrive, type DriveSend } from './driveHelpers.ts';

const VOL1 = (id: string): string => Buffer.from(`VOL1${id.padEnd(6)}${' '.repeat(69)}4`, 'latin1').toString('hex');

function move(source: number, destination: number): Buffer {
  return buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: source, destinationAddress: destination });
}

async function open(profile: string | Profile = 'library-24'): Promise<VirtualLibrary> {
  const lib = await VirtualLibrary.open({ profile, clock: new VirtualClock({ autoAdvance: true }) });
  await drainAttentions(lib);
  return lib;
}

const read = (length: number, sili = false): Buffer => buildRead6Cdb({ transferLength: length, suppressIncorrectLength: sili });
const write = (bytes: Uint8Array): [Buffer, DriveSend] => [buildWrite6Cdb({ transferLength: bytes.length }), { dataOut: bytes }];

async function position(lib: VirtualLibrary, drive = 0): Promise<number> {
  const r = await toDrive(lib, drive, buildReadPositionCdb(), { dataInLength: 20 });
  assertGood(r);
  return parseReadPositionShortData(r.dataIn).firstBlockLocation;
}

/** The drive's TapeAlert flags set, read as a host does: a pending unit attention is taken and the page asked again. */
async function driveFlags(lib: VirtualLibrary, drive = 0): Promise<number[]> {
  const cdb = buildLogSenseCdb({ pageCode: 0x2e, allocationLength: 0x200 });
  let r = await toDrive(lib, drive, cdb);
  if (r.status === ScsiStatus.CHECK_CONDITION && r.sense?.[2] === 0x06) r = await toDrive(lib, drive, cdb);
  assertGood(r);
  return parseTapeAlertLogPage(r.dataIn).filter((f) => f.active).map((f) => f.code);
}

describe('tape drive identity', () => {
  it('INQUIRY: sequential access, removable, the drive group strings; VPD 80h is the DVCID serial the changer reports', async () => {
    const lib = await open();
    const r = await toDrive(lib, 1, buildInquiryCdb({ allocationLength: 36 }));
    assertGood(r);
    assert.equal(hex(r.dataIn.subarray(0, 2)), '0180');
    assert.equal(Buffer.from(r.dataIn.subarray(8, 36)).toString('latin1'), 'IBM     ULTRIUM-HH8     K4K1');
    const status = await readStatus(lib, { type: ElementTypeCode.DATA_TRANSFER, deviceId: true });
    const dvcid = status.pages[0]?.descriptors[1]?.identification?.identifier;
    const t10 = Buffer.from(dvcid ?? []).toString('latin1');
    assert.equal(t10, 'IBM     ULTRIUM-HH8     10WT000002');
    const serial = await toDrive(lib, 1, buildInquiryCdb({ evpd: true, pageCode: 0x80, allocationLength: 0xff }));
    assert.equal(hex(serial.dataIn), '0180000a' + Buffer.from('10WT000002').toString('hex'));
    assert.equal(hex((await toDrive(lib, 1, buildInquiryCdb({ evpd: true, pageCode: 0x00, allocationLength: 0xff }))).dataIn), '01000003008083');
    const ids = await toDrive(lib, 1, buildInquiryCdb({ evpd: true, pageCode: 0x83, allocationLength: 0xff }));
    // NAA 5: the library's company ID (00-50-76 in library-24's own NAA) and 36 bits from the drive's serial; then the T10 designator.
    assert.equal(hex(ids.dataIn), '01830032' + '01030008' + '500507662f1d97c5' + '02010022' + Buffer.from(t10).toString('hex'));
    await lib.close();
  });

  it('REPORT LUNS on the changer or any drive lists the changer and every drive; LUN 3 of a 2-drive library is no device', async () => {
    const lib = await open();
    for (const r of [await send(lib, buildReportLunsCdb({ allocationLength: 64 })), await toDrive(lib, 1, buildReportLunsCdb({ allocationLength: 64 }))]) {
      assertGood(r);
      assert.deepEqual(parseReportLunsData(r.dataIn).luns, [0, 1, 2]);
    }
    assert.equal(lib.deviceAtLun(0), lib.device);
    assert.equal(lib.deviceAtLun(2), lib.drives[1]);
    assert.equal(lib.deviceAtLun(3), undefined);
    const wrong = await lib.drives[0]?.execute({ initiator: HOST_A.initiator, lun: 3 }, { cdb: buildTestUnitReadyCdb() });
    assert.ok(wrong !== undefined);
    assertSense(wrong, 0x5, 0x25, 0x00);
    await lib.close();
  });
});

describe('tape drive readiness', () => {
  it('empty: 29/00 first, then 02/3A/00; loaded: 28/00 once per initiator that was there, then GOOD', async () => {
    const lib = await open();
    assertSense(await toDrive(lib, 0, buildTestUnitReadyCdb()), 0x6, 0x29, 0x00);
    const empty = await toDrive(lib, 0, buildTestUnitReadyCdb());
    assert.equal(hex(empty.sense), '70000200000000' + '0a00000000' + '3a00' + '00000000');
    assertGood(await send(lib, move(4096, 256)));
    assertSense(await toDrive(lib, 0, buildTestUnitReadyCdb()), 0x6, 0x28, 0x00);
    assertGood(await toDrive(lib, 0, buildTestUnitReadyCdb()));
    assertSense(await toDrive(lib, 0, buildTestUnitReadyCdb(), { initiator: HOST_B.initiator }), 0x6, 0x29, 0x00);
    assertGood(await toDrive(lib, 0, buildTestUnitReadyCdb(), { initiator: HOST_B.initiator }));
    await lib.close();
  });

  it('becoming ready (02/04/01) while the drive threads a cartridge the robot let go of; REQUEST SENSE says the same', async () => {
    const clock = new VirtualClock({ autoAdvance: true });
    const lib = await VirtualLibrary.open({ profile: 'library-500', clock });
    await drainAttentions(lib);
    await settleAttention(lib);
    clock.setAutoAdvance(false);
    // The move returns once the robot has let go (moveMs), the drive then threads for driveLoadMs.
    const moving = send(lib, move(1000, 500));
    await clock.advance(lib.profile.timings.moveMs);
    assertGood(await moving);
    assertSense(await toDrive(lib, 0, buildTestUnitReadyCdb()), 0x2, 0x04, 0x01);
    const sense = await toDrive(lib, 0, buildRequestSenseCdb({ allocationLength: 18 }));
    assert.equal(hex(sense.dataIn.subarray(12, 14)), '0401');
    await clock.advance(lib.profile.timings.driveLoadMs);
    assertSense(await toDrive(lib, 0, buildTestUnitReadyCdb()), 0x6, 0x28, 0x00);
    assertGood(await toDrive(lib, 0, buildTestUnitReadyCdb()));
    clock.setAutoAdvance(true);
    await lib.close();
  });

  it('a cleaning cartridge in the drive: 02/30/03 while it cleans, then 02/3A/00 once the drive has ejected it for the robot', async () => {
    const lib = await open();
    assertGood(await send(lib, move(4116, 257)));
    await toDrive(lib, 1, buildTestUnitReadyCdb());
    assertSense(await toDrive(lib, 1, buildTestUnitReadyCdb()), 0x2, 0x30, 0x03);
    await lib.frontPanel.driveReady(1);
    assertSense(await toDrive(lib, 1, buildTestUnitReadyCdb()), 0x2, 0x3a, 0x00);
    assert.equal(lib.contents().find((c) => c.cartridge.label === 'CLN001L1')?.address, 257, 'the cleaner waits in the drive for the robot');
    assertGood(await send(lib, move(257, 4116)));
    await lib.close();
  });
});

/** The changer-side 29/00 of HOST_A is drained by open(); this takes drive 0's 29/00 too. */
async function settleAttention(lib: VirtualLibrary): Promise<void> {
  assertSense(await toDrive(lib, 0, buildTestUnitReadyCdb()), 0x6, 0x29, 0x00);
}

describe('tape drive data', () => {
  it('reads a labelled tape: VOL1 with ILI and INFORMATION = residue, then FILEMARK, then BLANK CHECK end-of-data', async () => {
    const lib = await open();
    await mount(lib, { barcode: 'ABC123L8', volumeLabel: 'ABC123' });
    const label = await toDrive(lib, 0, read(0x10000), { dataInLength: 0x10000 });
    assert.equal(label.status, ScsiStatus.CHECK_CONDITION);
    assert.equal(hex(label.dataIn), VOL1('ABC123'));
    assert.equal(label.residual, 0x10000 - 80);
    assert.equal(hex(label.sense), 'f0' + '00' + '20' + '0000ffb0' + '0a' + '00000000' + '0000' + '00' + '000000');
    const mark = await toDrive(lib, 0, read(0x10000), { dataInLength: 0x10000 });
    assert.equal(hex(mark.sense), 'f0' + '00' + '80' + '00010000' + '0a' + '00000000' + '0001' + '00' + '000000');
    assert.equal(mark.dataIn.length, 0);
    const end = await toDrive(lib, 0, read(0x10000), { dataInLength: 0x10000 });
    assert.equal(hex(end.sense), 'f0' + '00' + '08' + '00010000' + '0a' + '00000000' + '0005' + '00' + '000000');
    assert.equal(await position(lib), 2, 'end of data is after the label and its filemark');
    assert.equal(hex((await toDrive(lib, 0, read(0x10000), { dataInLength: 0x10000 })).sense?.subarray(12, 14)), '0005', 'and stays there');
    await lib.close();
  });

  it('SILI: a short record is GOOD with the residual; a long record is cut with ILI and a negative INFORMATION whatever SILI says', async () => {
    const lib = await open();
    await mount(lib, { barcode: 'ABC123L8', volumeLabel: 'ABC123' });
    const whole = await toDrive(lib, 0, read(100, true), { dataInLength: 100 });
    assertGood(whole);
    assert.equal(whole.dataIn.length, 80);
    assert.equal(whole.residual, 20);
    assertGood(await toDrive(lib, 0, buildRewindCdb()));
    const cut = await toDrive(lib, 0, read(40, true), { dataInLength: 40 });
    assert.equal(hex(cut.dataIn), VOL1('ABC123').slice(0, 80));
    assert.equal(hex(cut.sense?.subarray(0, 7)), 'f00020ffffffd8', 'INFORMATION = 40 − 80');
    assert.equal(await position(lib), 1, 'the head is past the record either way');
    await lib.close();
  });

  it('FIXED = 1 is refused with 05/24/00 pointing at byte 1 bit 0; READ BLOCK LIMITS says 1 byte to FFFFFFh as LTO drives do', async () => {
    const lib = await open();
    await mount(lib, { barcode: 'ABC123L8' });
    const fixed = await toDrive(lib, 0, buildRead6Cdb({ fixed: true, transferLength: 1 }));
    assert.equal(hex(fixed.sense), '70000500000000' + '0a00000000' + '2400' + '00' + 'c80001');
    const limits = await toDrive(lib, 0, buildReadBlockLimitsCdb(), { dataInLength: 6 });
    assert.equal(hex(limits.dataIn), '00ffffff' + '0001');
    await lib.close();
  });

  it('writes with tape semantics: a write erases everything after it; filemarks; READ POSITION counts objects', async () => {
    const lib = await open();
    await mount(lib, { barcode: 'ABC123L8', volumeLabel: 'ABC123', records: [Uint8Array.from([1, 2, 3])] });
    assertGood(await toDrive(lib, 0, ...write(Buffer.from('hello'))));
    assert.equal(await position(lib), 1);
    assertGood(await toDrive(lib, 0, buildWriteFilemarks6Cdb({ count: 2 })));
    assert.equal(await position(lib), 3);
    assertGood(await toDrive(lib, 0, buildRewindCdb()));
    const first = await toDrive(lib, 0, read(5), { dataInLength: 5 });
    assertGood(first);
    assert.equal(Buffer.from(first.dataIn).toString(), 'hello');
    assertSense(await toDrive(lib, 0, read(5)), 0x0, 0x00, 0x01);
    assertSense(await toDrive(lib, 0, read(5)), 0x0, 0x00, 0x01);
    assertSense(await toDrive(lib, 0, read(5)), 0x8, 0x00, 0x05);
    const cartridge = lib.contents().find((l) => l.address === 256)?.cartridge;
    assert.ok(cartridge !== undefined);
    assert.deepEqual(lib.tapeContents(cartridge).map((e) => e.kind), ['record', 'filemark', 'filemark'], 'the old label and records are gone');
    await lib.close();
  });

  it('SPACE: fsf past a filemark, bsf to before it, blocks stop at a filemark, eod; running off either end says how much is left', async () => {
    const lib = await open();
    const r = (n: number): Uint8Array => Uint8Array.from([n]);
    await mount(lib, { barcode: 'ABC123L8', volumeLabel: 'ABC123', records: [r(1), r(2)] });
    // tape: VOL1, FM, 1, 2
    assertGood(await toDrive(lib, 0, buildSpace6Cdb({ code: SpaceCode.FILEMARKS, count: 1 })));
    assert.equal(await position(lib), 2);
    assertGood(await toDrive(lib, 0, buildSpace6Cdb({ code: SpaceCode.FILEMARKS, count: -1 })));
    assert.equal(await position(lib), 1);
    assertGood(await toDrive(lib, 0, buildSpace6Cdb({ code: SpaceCode.BLOCKS, count: -1 })));
    assert.equal(await position(lib), 0);
    const blocks = await toDrive(lib, 0, buildSpace6Cdb({ code: SpaceCode.BLOCKS, count: 5 }));
    assert.equal(hex(blocks.sense?.subarray(0, 14)), 'f000800000000' + '40a00000000' + '0001', 'stopped at the filemark with 4 of 5 blocks left');
    assert.equal(await position(lib), 2);
    const past = await toDrive(lib, 0, buildSpace6Cdb({ code: SpaceCode.BLOCKS, count: 3 }));
    assert.equal(hex(past.sense?.subarray(0, 14)), 'f00008000000010a000000000005', 'end of data with 1 of 3 blocks left');
    assertGood(await toDrive(lib, 0, buildRewindCdb()));
    assertGood(await toDrive(lib, 0, buildSpace6Cdb({ code: SpaceCode.END_OF_DATA })));
    assert.equal(await position(lib), 4);
    const back = await toDrive(lib, 0, buildSpace6Cdb({ code: SpaceCode.FILEMARKS, count: -2 }));
    assert.equal(hex(back.sense?.subarray(0, 14)), 'f00040000000010a000000000004', 'beginning of tape with 1 filemark left');
    assert.equal(await position(lib), 0);
    const rp = await toDrive(lib, 0, buildReadPositionCdb(), { dataInLength: 20 });
    assert.equal(hex(rp.dataIn), '80000000' + '00000000' + '00000000' + '00000000' + '00000000');
    await lib.close();
  });

  it('past early warning a write is done with 00/02 EOM; past the physical end it is VOLUME OVERFLOW 00/02 with EOM and writes nothing; a write-protected tape is 07/27/00 and MODE SENSE says WP', async () => {
    const base = await loadProfile('library-24');
    const lib = await open({ ...base, tapeCapacityBytes: TAPE_CAPACITY_BYTES });
    await mount(lib, { barcode: 'ABC123L8' });
    // Random bytes: compression cannot make them smaller.
    const nearlyFull = randomBytes(TAPE_CAPACITY_BYTES - 1);
    const early = await toDrive(lib, 0, ...write(nearlyFull));
    assert.equal(hex(early.sense?.subarray(0, 14)), 'f00040000000000a000000000002', 'written, past early warning (INFORMATION 0)');
    const over = await toDrive(lib, 0, ...write(new Uint8Array(2)));
    assert.equal(hex(over.sense?.subarray(0, 14)), 'f0004d000000020a000000000002');
    assert.equal(await position(lib), 1);
    const mark = await toDrive(lib, 0, buildWriteFilemarks6Cdb({ count: 1 }));
    assert.equal(hex(mark.sense?.subarray(0, 14)), 'f00040000000000a000000000002', 'the closing filemark still fits, with EOM');
    assert.equal(await position(lib), 2);
    await mount(lib, { barcode: 'WP0001L7', volumeLabel: 'WP0001', writeProtected: true }, 1);
    assertSense(await toDrive(lib, 1, ...write(Buffer.from('x'))), 0x7, 0x27, 0x00);
    const mode = await toDrive(lib, 1, buildModeSense6Cdb({ pageCode: 0, allocationLength: 0xff }));
    assert.equal(hex(mode.dataIn), '0b789008' + '5c000000' + '00000000', 'LTO-7 medium type 78h, WP + buffered, LTO-7 density, variable blocks');
    const readable = await toDrive(lib, 1, read(80), { dataInLength: 80 });
    assertGood(readable);
    await lib.close();
  });

  it('what a drive writes is on the cartridge after a restart', async () => {
    const { dir, remove } = await tempDir();
    try {
      let lib = await VirtualLibrary.open({ dir, profile: 'library-24', clock: new VirtualClock({ autoAdvance: true }) });
      await drainAttentions(lib);
      assertGood(await send(lib, move(4096, 256)));
      await settle(lib);
      assertGood(await toDrive(lib, 0, ...write(Buffer.from('AMANDA: TAPESTART DATE X TAPE DailySet1-01'))));
      assertGood(await toDrive(lib, 0, buildWriteFilemarks6Cdb({ count: 1 })));
      await lib.close();
      lib = await VirtualLibrary.open({ dir, clock: new VirtualClock({ autoAdvance: true }) });
      await settle(lib);
      const r = await toDrive(lib, 0, read(1024, true), { dataInLength: 1024 });
      assertGood(r);
      assert.equal(Buffer.from(r.dataIn).toString(), 'AMANDA: TAPESTART DATE X TAPE DailySet1-01');
      await lib.close();
    } finally {
      await remove();
    }
  });
});

describe('tape drive load and unload', () => {
  it('unload unthreads (the robot may then pull where predismount eject is required); PREVENT refuses it; LOAD threads again', async () => {
    const lib = await open('library-500');
    await drainAttentions(lib);
    assertGood(await send(lib, move(1000, 500)));
    await lib.frontPanel.driveReady(0);
    await settle(lib);
    assertSense(await send(lib, move(500, 1000)), 0x5, 0x3b, 0x83);
    assertGood(await toDrive(lib, 0, buildPreventAllowMediumRemovalCdb({ prevent: true })));
    assertSense(await toDrive(lib, 0, buildLoadUnloadCdb({ load: false })), 0x5, 0x53, 0x02);
    assertGood(await toDrive(lib, 0, buildPreventAllowMediumRemovalCdb({ prevent: false })));
    assertGood(await toDrive(lib, 0, buildLoadUnloadCdb({ load: false })));
    assertSense(await toDrive(lib, 0, buildTestUnitReadyCdb()), 0x2, 0x3a, 0x00);
    assertGood(await toDrive(lib, 0, buildLoadUnloadCdb({ load: true })));
    // The initiator that loaded hears 28/00 too, as from every load (st's new session: file 0, block 0).
    assertSense(await toDrive(lib, 0, buildTestUnitReadyCdb()), 0x6, 0x28, 0x00);
    assertGood(await toDrive(lib, 0, buildTestUnitReadyCdb()));
    assertGood(await toDrive(lib, 0, buildLoadUnloadCdb({ load: false })));
    assertGood(await send(lib, move(500, 1000)));
    assertSense(await toDrive(lib, 0, buildLoadUnloadCdb({ load: true })), 0x2, 0x3a, 0x00);
    await lib.close();
  });
});

describe('tape drive cleaning', () => {
  async function cleaningProfile(loads: number): Promise<Profile> {
    const base = await loadProfile('library-24');
    return { ...base, drives: base.drives.map((g) => ({ ...g, cleanAfterLoads: loads })) };
  }

  it('TapeAlert 20 at cleanAfterLoads until a cleaner cleans; a spent cleaner raises 22 once and leaves 20', async () => {
    const lib = await open(await cleaningProfile(1));
    await toDrive(lib, 0, buildTestUnitReadyCdb());
    assert.deepEqual(await driveFlags(lib), []);
    assertGood(await send(lib, move(4096, 256)));
    assert.deepEqual(await driveFlags(lib), [20]);
    assertGood(await send(lib, move(256, 4096)));
    assert.deepEqual(await driveFlags(lib), [20], 'a condition: it stays after being read');
    lib.frontPanel.soilDrive(0, 'periodic');
    assert.deepEqual(await driveFlags(lib), [20, 21]);
    assertGood(await send(lib, move(4116, 256)));
    await lib.frontPanel.driveReady(0);
    assert.deepEqual(await driveFlags(lib), []);
    assertGood(await send(lib, move(256, 4116)));

    lib.frontPanel.soilDrive(0);
    await lib.frontPanel.openMailslot();
    lib.frontPanel.takeFromMailslot();
    lib.frontPanel.insertIntoMailslot({ barcode: 'CLN009L1', cleaningUses: 0 });
    await lib.frontPanel.closeMailslot();
    await drainAttentions(lib);
    assertGood(await send(lib, move(16, 256)));
    await lib.frontPanel.driveReady(0);
    assert.deepEqual(await driveFlags(lib), [20, 22]);
    assert.deepEqual(await driveFlags(lib), [20], 'the event is reported once');
    assert.deepEqual(await driveFlags(lib, 1), [], 'the other drive is clean');
    await lib.close();
  });

  it('a cartridge labelled as a cleaner that is not one raises 23 and cleans nothing', async () => {
    const lib = await open(await cleaningProfile(5));
    lib.frontPanel.soilDrive(0);
    await mount(lib, { barcode: 'CLN777L1', kind: 'data' });
    assert.deepEqual(await driveFlags(lib), [20, 23]);
    assert.equal(lib.frontPanel.driveNeedsCleaning(0), true);
    await lib.close();
  });
});

describe('tape drive robustness', () => {
  const u24 = fc.integer({ min: 0, max: 0xffffff });
  const driveCdb: fc.Arbitrary<{ cdb: Uint8Array; dataOut?: Uint8Array }> = fc.oneof(
    fc.uint8Array({ minLength: 0, maxLength: 16 }).map((cdb) => ({ cdb })),
    fc.tuple(fc.constantFrom(0x00, 0x01, 0x03, 0x05, 0x08, 0x0a, 0x10, 0x11, 0x12, 0x1a, 0x1b, 0x1e, 0x34, 0x4d, 0x5a, 0xa0), fc.uint8Array({ minLength: 15, maxLength: 15 })).map(
      ([opcode, rest]) => ({ cdb: Uint8Array.from([opcode, ...rest]) }),
    ),
    fc.tuple(fc.integer({ min: 0, max: 300 }), fc.boolean()).map(([n, sili]) => ({ cdb: read(n, sili) })),
    fc.uint8Array({ minLength: 1, maxLength: 200 }).map((bytes) => ({ cdb: buildWrite6Cdb({ transferLength: bytes.length }), dataOut: bytes })),
    fc.integer({ min: 0, max: 3 }).map((count) => ({ cdb: buildWriteFilemarks6Cdb({ count }) })),
    fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: -4, max: 4 })).map(([code, count]) => ({ cdb: buildSpace6Cdb({ code: code as SpaceCode, count }) })),
    fc.boolean().map((load) => ({ cdb: buildLoadUnloadCdb({ load }) })),
    fc.constant({ cdb: buildRewindCdb() }),
    u24.map((n) => ({ cdb: buildRead6Cdb({ transferLength: n % 100 }) })),
  );
  const step = fc.oneof(
    { arbitrary: driveCdb.map((c) => ({ kind: 'cdb' as const, ...c })), weight: 8 },
    { arbitrary: fc.constantFrom(4096, 4097, 4116).map((slot) => ({ kind: 'move' as const, slot })), weight: 1 },
  );

  it('property: any CDB sequence, with cartridges coming and going, answers GOOD or CHECK CONDITION with no internal error and keeps the tape within its capacity', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const lib = await open();
        try {
          for (const s of steps) {
            if (s.kind === 'move') {
              const inDrive = lib.contents().find((l) => l.address === 256);
              if (inDrive === undefined) await send(lib, move(s.slot, 256));
              else if (inDrive.cartridge.source !== null) await send(lib, move(256, inDrive.cartridge.source));
              continue;
            }
            const r = await toDrive(lib, 0, s.cdb, { ...(s.dataOut === undefined ? {} : { dataOut: s.dataOut }), dataInLength: 0x1000 });
            assert.ok(r.status === ScsiStatus.GOOD || r.status === ScsiStatus.CHECK_CONDITION, `status ${r.status}`);
            assert.ok(r.dataIn.length <= 0x1000);
          }
          assert.deepEqual(lib.drives[0]?.internalErrors, []);
          for (const l of lib.contents()) assert.ok(lib.tapeContents(l.cartridge).reduce((n, e) => n + (e.kind === 'record' ? e.bytes.length : 0), 0) <= TAPE_CAPACITY_BYTES);
        } finally {
          await lib.close();
        }
      }),
      { numRuns: 60 },
    );
  });
});
