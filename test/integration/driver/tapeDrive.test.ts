/**
 * The tape driver against the real emulator: a virtual library opened through its URL, cartridges
 * moved by the changer, the drives reached as their own devices (`virtual:<dir>?lun=n`), as a
 * backup host reaches them — readiness, labels, records and filemarks, TapeAlert, unload before
 * the robot takes a cartridge back.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isChangerError } from '../../../src/shared/changerError.ts';
import { ElementType } from '../../../src/driver/elementType.ts';
import { TapeDrive } from '../../../src/driver/tape/index.ts';
import { ansiVolumeLabel, recognizeLabel } from '../../../src/storage/mediumLabel.ts';
import { drive, firstRecord, openTapeStack, slot, type TapeStack } from './tapeStack.ts';

/** library-24's right magazine: positions 10 and 11 are slots 22 and 23, empty at first. */
const LABELLED_SLOT = 22;
const BLANK_SLOT = 23;
const PROTECTED_SLOT = 19;
const CLEANER_SLOT = 20;
const AMANDA_SLOT = 14;

/** Amanda's 32 KiB tape header block, as amlabel writes it. */
function amandaHeader(label: string): Uint8Array {
  const block = Buffer.alloc(32_768);
  block.write(`AMANDA: TAPESTART DATE X TAPE ${label}\n\x0c\n`, 'latin1');
  return block;
}

describe('tape drive on a virtual library (library-24)', () => {
  let stack: TapeStack;
  let tape0: TapeDrive;
  let tape1: TapeDrive;

  before(async () => {
    stack = await openTapeStack('library-24', {
      magazine: 'right',
      cartridges: new Map([
        [10, { barcode: 'LBL001L8', volumeLabel: 'LBL001' }],
        [11, { barcode: 'BLK001L8' }],
        [7, { barcode: 'WP0001L8', volumeLabel: 'WP0001', writeProtected: true }],
        [2, { barcode: 'AMD001L8', records: [amandaHeader('DailySet1-007')] }],
      ]),
    });
    tape0 = await TapeDrive.open(stack.driveUrl(0), { clock: stack.library.clock });
    tape1 = await TapeDrive.open(stack.driveUrl(1), { clock: stack.library.clock });
  });

  after(async () => {
    await tape0?.close();
    await tape1?.close();
    await stack?.close();
  });

  it('identifies itself as the drive element the changer reports (vendor, product, serial)', async () => {
    const [element] = await stack.changer.getElementStatus({ element: drive(0), count: 1, volumeTagInfo: false });
    const identity = await tape0.identity();
    assert.deepEqual(identity, { vendorId: 'IBM', productId: 'ULTRIUM-HH8', revision: 'K4K1', serialNumber: '10WT000001', deviceType: 1 });
    assert.equal(element?.driveIdentity?.serialNumber, identity.serialNumber);
    assert.equal((await tape1.identity()).serialNumber, '10WT000002');
  });

  it('an empty drive is no-medium; waiting for it ends with NO_MEDIA_IN_DEVICE after the grace period', async () => {
    assert.equal(await tape0.readiness(), 'no-medium');
    const started = stack.library.clock.now();
    await assert.rejects(tape0.waitReady({ timeoutMs: 600_000, pollMs: 1000, noMediumGraceMs: 10_000 }), (e) => isChangerError(e, 'NO_MEDIA_IN_DEVICE'));
    assert.equal(stack.library.clock.now() - started, 10_000);
  });

  it('a cartridge the robot put in becomes ready; its first record is its ANSI label, then a filemark, then end of data', async () => {
    await stack.move(slot(LABELLED_SLOT), drive(0));
    await tape0.waitReady({ timeoutMs: 600_000 });
    assert.equal(await tape0.readiness(), 'ready');
    const first = await tape0.readRecord();
    assert.equal(first.kind, 'data');
    assert.equal(first.kind === 'data' ? first.recordLength : 0, 80);
    assert.deepEqual(first.kind === 'data' ? Buffer.from(first.bytes) : undefined, Buffer.from(ansiVolumeLabel('LBL001')));
    assert.deepEqual(recognizeLabel(firstRecord(first)), { type: 'ansi', volumeId: 'LBL001' });
    assert.deepEqual(await tape0.readRecord(), { kind: 'filemark' });
    assert.deepEqual(await tape0.position(), { blockNumber: 2, beginningOfPartition: false });
    assert.deepEqual(await tape0.readRecord(), { kind: 'end-of-data' });
    await tape0.rewind();
    assert.deepEqual(await tape0.position(), { blockNumber: 0, beginningOfPartition: true });
  });

  it('a record longer than asked gives its first bytes and its real length; the tape is past it', async () => {
    await tape0.rewind();
    const head = await tape0.readRecord(40);
    assert.deepEqual(head.kind === 'data' ? { text: Buffer.from(head.bytes).toString('latin1'), recordLength: head.recordLength } : head, {
      text: `VOL1LBL001${' '.repeat(30)}`, recordLength: 80,
    });
    assert.deepEqual(await tape0.readRecord(), { kind: 'filemark' });
  });

  it('an Amanda tape: its 32 KiB header is read whole and recognised by its label', async () => {
    await stack.move(slot(AMANDA_SLOT), drive(1));
    await tape1.waitReady({ timeoutMs: 600_000 });
    const header = await tape1.readRecord();
    assert.equal(header.kind === 'data' ? `${header.bytes.length}/${header.recordLength}` : header.kind, '32768/32768');
    assert.deepEqual(recognizeLabel(firstRecord(header)), { type: 'amanda', label: 'DailySet1-007' });
    await tape1.unload();
    await stack.move(drive(1), slot(AMANDA_SLOT));
  });

  it('a blank cartridge reads end of data at once (blank); a label written on it reads back, also after the robot moved it', async () => {
    await stack.move(slot(BLANK_SLOT), drive(1));
    await tape1.waitReady({ timeoutMs: 600_000 });
    const first = await tape1.readRecord();
    assert.deepEqual(first, { kind: 'end-of-data' });
    assert.deepEqual(recognizeLabel(firstRecord(first)), { type: 'blank' });
    await tape1.writeRecord(ansiVolumeLabel('BLK001', 'BACKUPS'));
    await tape1.writeFilemarks(1);
    await tape1.writeRecord(Buffer.from('first file'));
    await tape1.rewind();
    const label = await tape1.readRecord();
    assert.deepEqual(recognizeLabel(firstRecord(label)), { type: 'ansi', volumeId: 'BLK001' });
    await stack.move(drive(1), slot(BLANK_SLOT));
    await stack.move(slot(BLANK_SLOT), drive(1));
    await tape1.waitReady({ timeoutMs: 600_000 });
    const again = await tape1.readRecord();
    assert.equal(again.kind === 'data' ? Buffer.from(again.bytes).toString('latin1') : again.kind, `VOL1BLK001${' '.repeat(27)}BACKUPS${' '.repeat(35)}4`);
    assert.deepEqual(await tape1.readRecord(), { kind: 'filemark' });
    const data = await tape1.readRecord();
    assert.equal(data.kind === 'data' ? Buffer.from(data.bytes).toString('latin1') : data.kind, 'first file');
  });

  it('writing in the middle erases what followed (tape semantics)', async () => {
    await tape1.rewind();
    await tape1.writeRecord(ansiVolumeLabel('NEW001'));
    assert.deepEqual(await tape1.readRecord(), { kind: 'end-of-data' });
    await tape1.rewind();
    const label = await tape1.readRecord();
    assert.deepEqual(recognizeLabel(firstRecord(label)), { type: 'ansi', volumeId: 'NEW001' });
  });

  it('after a new load, a read that did not check readiness first is MEDIA_CHANGED; readiness consumes the attention', async () => {
    await stack.move(drive(1), slot(BLANK_SLOT));
    await stack.move(slot(BLANK_SLOT), drive(1));
    await stack.library.frontPanel.driveReady(1);
    await assert.rejects(tape1.readRecord(), (e) => isChangerError(e, 'MEDIA_CHANGED') && e.message === 'READ(6): the cartridge was changed: the tape position is lost (check readiness or rewind first) (sense 6/28/00)');
    assert.equal(await tape1.readiness(), 'ready');
    const label = await tape1.readRecord();
    assert.deepEqual(recognizeLabel(firstRecord(label)), { type: 'ansi', volumeId: 'NEW001' });
  });

  it('a write-protected cartridge reads but refuses a write', async () => {
    await stack.move(drive(1), slot(BLANK_SLOT));
    await stack.move(slot(PROTECTED_SLOT), drive(1));
    await tape1.waitReady({ timeoutMs: 600_000 });
    const label = await tape1.readRecord();
    assert.deepEqual(recognizeLabel(firstRecord(label)), { type: 'ansi', volumeId: 'WP0001' });
    await tape1.rewind();
    await assert.rejects(tape1.writeRecord(ansiVolumeLabel('OVR001')), (e) => isChangerError(e, 'INVALID_DEVICE_REQUEST') && e.message === 'WRITE(6): the cartridge is write-protected (sense 7/27/00)');
    await stack.move(drive(1), slot(PROTECTED_SLOT));
  });

  it('TapeAlert: no flag on a clean drive; 20 (clean now) once the drive is soiled, on every read until a cleaner cleans it', async () => {
    assert.deepEqual(await tape1.tapeAlerts(), []);
    stack.library.frontPanel.soilDrive(1);
    assert.deepEqual(await tape1.tapeAlerts(), [20]);
    assert.deepEqual(await tape1.tapeAlerts(), [20]);
    await stack.move(slot(CLEANER_SLOT), drive(1));
    await stack.library.frontPanel.driveReady(1);
    assert.equal(stack.library.frontPanel.driveNeedsCleaning(1), false);
    assert.deepEqual(await tape1.tapeAlerts(), []);
    await stack.move(drive(1), slot(CLEANER_SLOT));
  });

  it('a cleaning cartridge in the drive: readiness cleaning and waitReady CLEANER_CARTRIDGE_INSTALLED while it cleans, no-medium once the drive has ejected it', async () => {
    await stack.move(slot(CLEANER_SLOT), drive(1));
    assert.equal(await tape1.readiness(), 'cleaning');
    await assert.rejects(tape1.waitReady({ timeoutMs: 600_000 }), (e) => isChangerError(e, 'CLEANER_CARTRIDGE_INSTALLED'));
    await stack.library.frontPanel.driveReady(1);
    assert.equal(await tape1.readiness(), 'no-medium');
    await stack.move(drive(1), slot(CLEANER_SLOT));
  });

  it('while the library powers on the drive is becoming ready: a short wait times out, a long one sees it ready at its position lost to BOT', async () => {
    const clock = stack.library.clock;
    await tape0.rewind();
    await tape0.readRecord();
    const powering = stack.library.frontPanel.powerCycle();
    const started = clock.now();
    await assert.rejects(tape0.waitReady({ timeoutMs: 30_000, pollMs: 1000 }), (e) => isChangerError(e, 'TIMEOUT') && e.message === `${stack.driveUrl(0)}: the drive was still becoming-ready after 30000 ms`);
    assert.equal(clock.now() - started, 30_000);
    await tape0.waitReady({ timeoutMs: 600_000, pollMs: 1000 });
    await powering;
    assert.deepEqual(await tape0.position(), { blockNumber: 0, beginningOfPartition: true });
  });

  it('unload then load threads the tape again at the beginning', async () => {
    await tape0.readRecord();
    await tape0.unload();
    assert.equal(await tape0.readiness(), 'no-medium');
    await tape0.load();
    await tape0.waitReady({ timeoutMs: 600_000 });
    assert.deepEqual(await tape0.position(), { blockNumber: 0, beginningOfPartition: true });
    await tape0.unload();
    await stack.move(drive(0), slot(LABELLED_SLOT));
    assert.equal(await stack.barcodeInSlot(LABELLED_SLOT), 'LBL001L8');
  });

  it('bad arguments are INVALID_PARAMETER before anything reaches the drive', async () => {
    await assert.rejects(tape0.readRecord(0), (e) => isChangerError(e, 'INVALID_PARAMETER'));
    await assert.rejects(tape0.readRecord(0x1000000), (e) => isChangerError(e, 'INVALID_PARAMETER'));
    await assert.rejects(tape0.writeRecord(new Uint8Array(0)), (e) => isChangerError(e, 'INVALID_PARAMETER'));
    await assert.rejects(tape0.writeFilemarks(-1), (e) => isChangerError(e, 'INVALID_PARAMETER'));
    await assert.rejects(tape0.writeFilemarks(1.5), (e) => isChangerError(e, 'INVALID_PARAMETER'));
  });

  it('a LUN with no drive is NO_SUCH_DEVICE naming the LUNs there are', async () => {
    await assert.rejects(TapeDrive.open(stack.driveUrl(2)), (e) => isChangerError(e, 'NO_SUCH_DEVICE') && e.message === `${stack.driveUrl(2)}: the library in ${stack.dir} has 2 drives, at LUNs 1 to 2; there is no LUN 3`);
  });

  it('a closed drive refuses commands with INVALID_HANDLE; the library keeps running', async () => {
    const extra = await TapeDrive.open(stack.driveUrl(0));
    await extra.close();
    await assert.rejects(extra.readiness(), (e) => isChangerError(e, 'INVALID_HANDLE'));
    assert.equal(await tape0.readiness(), 'no-medium');
    assert.equal((await stack.changer.getElementStatus({ element: { type: ElementType.Drive, index: 0 }, count: 1, volumeTagInfo: false })).length, 1);
  });
});

describe('tape drive on a library that requires predismount eject (library-500)', () => {
  let stack: TapeStack;
  let tape: TapeDrive;

  before(async () => {
    stack = await openTapeStack('library-500');
    tape = await TapeDrive.open(stack.driveUrl(0), { clock: stack.library.clock });
  });

  after(async () => {
    await tape?.close();
    await stack?.close();
  });

  it('the robot cannot take a loaded cartridge; after unload() it can, and the cartridge is home again', async () => {
    const barcode = await stack.barcodeInSlot(0);
    assert.equal(barcode, 'S00001L8');
    await stack.move(slot(0), drive(0));
    await tape.waitReady({ timeoutMs: 600_000 });
    await assert.rejects(stack.move(drive(0), slot(0)), (e) => isChangerError(e, 'UNABLE_TO_UNLOAD_MEDIA'));
    await tape.unload();
    await stack.move(drive(0), slot(0));
    assert.equal(await stack.barcodeInSlot(0), barcode);
    assert.equal(await tape.readiness(), 'no-medium');
  });
});
