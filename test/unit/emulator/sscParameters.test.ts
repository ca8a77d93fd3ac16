/**
 * A tape drive's parameter and identity commands as backup software uses them (ssc.md §1–2):
 * READ BLOCK LIMITS, MODE SENSE/SELECT (`mt setblk`, `mt compression`, PBS, LTFS), REPORT
 * DENSITY SUPPORT, LOG SENSE, READ/WRITE ATTRIBUTE (MAM), REPORT SUPPORTED OPERATION CODES and
 * VPD 83h — exact bytes, through the drive's SscDevice.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  ReportingOptions,
  buildInquiryCdb,
  buildLogSenseCdb,
  buildMoveMediumCdb,
  buildReadAttributeCdb,
  buildReadBlockLimitsCdb,
  buildReportDensitySupportCdb,
  buildReportSupportedOperationCodesCdb,
  buildWriteAttributeCdb,
  buildWriteAttributeParameters,
  parseAllCommandsData,
  parseAttributeValues,
  counterValue,
  parseDensitySupportData,
  parsePartitionRecords,
  parseTapeLogPage,
  parseDeviceIdentificationPage,
  type MamAttribute,
  type ScsiResult,
} from '../../../src/scsi/index.ts';
import { VirtualClock, VirtualLibrary } from '../../../src/emulator/index.ts';
import { HOST_B, assertGood, assertSense, drainAttentions, send, tempDir } from './helpers.ts';
import { drainDriveAttentions, hex, mount, openLibrary, settle, toDrive } from './driveHelpers.ts';

describe('drive identity', () => {
  it('VPD 83h: an NAA 5 designator stable for the drive (the library make\'s company ID + its serial), distinct per drive, then the T10 vendor ID', async () => {
    const lib = await openLibrary();
    const page = async (drive: number): Promise<Buffer> => Buffer.from((await toDrive(lib, drive, buildInquiryCdb({ evpd: true, pageCode: 0x83, allocationLength: 0xff }))).dataIn);
    const first = await page(0);
    assert.equal(hex(first.subarray(0, 16)), '01830032' + '01030008' + '5005076b20c12aed');
    const designators = parseDeviceIdentificationPage(first).designators;
    assert.deepEqual(designators.map((d) => d.designatorType), [3, 1]);
    assert.notEqual(hex(designators[0]?.identifier), hex(parseDeviceIdentificationPage(await page(1)).designators[0]?.identifier));
    await lib.close();
    const again = await openLibrary();
    assert.equal(hex((await toDrive(again, 0, buildInquiryCdb({ evpd: true, pageCode: 0x83, allocationLength: 0xff }))).dataIn), hex(first));
    await again.close();
  });
});

describe('READ BLOCK LIMITS', () => {
  it('1 byte to FFFFFFh, granularity 0, with or without a tape', async () => {
    const lib = await openLibrary();
    assert.equal(hex((await toDrive(lib, 0, buildReadBlockLimitsCdb())).dataIn), '00ffffff0001');
    await mount(lib, { barcode: 'ABC123L8' });
    assert.equal(hex((await toDrive(lib, 0, buildReadBlockLimitsCdb())).dataIn), '00ffffff0001');
    await lib.close();
  });
});

describe('REPORT SUPPORTED OPERATION CODES on a drive', () => {
  it('all commands with RCTD: 20-byte entries (LTFS), opcode order of the table, itself included', async () => {
    const lib = await openLibrary();
    const r = await toDrive(lib, 0, buildReportSupportedOperationCodesCdb({ returnTimeouts: true, allocationLength: 4096 }));
    assertGood(r);
    assert.equal(Buffer.from(r.dataIn).readUInt32BE(0) % 20, 0);
    const { commands } = parseAllCommandsData(r.dataIn);
    const opcodes = commands.map((c) => c.opcode);
    for (const op of [0x00, 0x01, 0x03, 0x05, 0x08, 0x0a, 0x10, 0x11, 0x12, 0x1a, 0x1b, 0x1e, 0x34, 0x4d, 0x5a, 0xa0, 0xa3]) assert.ok(opcodes.includes(op), `opcode ${op.toString(16)}`);
    const rsoc = commands.find((c) => c.opcode === 0xa3);
    assert.deepEqual(rsoc, { opcode: 0xa3, serviceAction: 0x0c, cdbLength: 12, timeouts: { commandSpecific: 0, nominal: 0, recommended: 60 } });
    // The entry of READ(6) as bytes: opcode, reserved, no service action, CTDP, CDB length 6, then its timeouts descriptor.
    const at = 4 + 20 * opcodes.indexOf(0x08);
    assert.equal(hex(r.dataIn.subarray(at, at + 20)), '0800000000020006' + '000a0000' + '00000000' + '0000003c');
    await lib.close();
  });

  it('one command: READ(6)\'s CDB usage map from its parser; an opcode the drive lacks is "not supported"; another MAINTENANCE IN service action is 05/20/00', async () => {
    const lib = await openLibrary();
    const one = await toDrive(lib, 0, buildReportSupportedOperationCodesCdb({ reportingOptions: ReportingOptions.OPCODE, requestedOperationCode: 0x08, allocationLength: 64 }));
    assertGood(one);
    // SUPPORTED, CDB size 6; usage: the obsolete LUN bits st may fill, SILI and FIXED, the 24-bit transfer length, the control byte.
    assert.equal(hex(one.dataIn), '00030006' + '08e3ffffffff');
    const none = await toDrive(lib, 0, buildReportSupportedOperationCodesCdb({ reportingOptions: ReportingOptions.OPCODE, requestedOperationCode: 0x3c, allocationLength: 64 }));
    assert.equal(hex(none.dataIn), '00010000');
    const other = Uint8Array.from([0xa3, 0x05, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0]);
    assertSense(await toDrive(lib, 0, other), 0x5, 0x20, 0x00);
    await lib.close();
  });
});

const bytes = (text: string): Buffer => Buffer.from(text.replace(/[ |]/g, ''), 'hex');
/** 05/26/00 with SKSV, C/D = 0 and the field pointer: what a wrong parameter-list field gets. */
const parameterListError = (sks: string): string => '70000500000000' + '0a00000000' + '2600' + '00' + sks;

describe('MODE SENSE / MODE SELECT of a drive', () => {
  it('`mt setblk 65536` as st sends it: MODE SENSE page 00h, MODE SELECT(6) of the block descriptor; MODE SENSE then says 64 KiB; `mt setblk 0` is variable again', async () => {
    const lib = await openLibrary();
    await mount(lib, { barcode: 'ABC123L8' });
    const sensed = await toDrive(lib, 0, bytes('1a 00 00 00 0c 00'), { dataInLength: 12 });
    // Mode data length 11, medium type 88h (LTO-8 data), buffered mode 1, one descriptor: density 5Eh, variable blocks.
    assert.equal(hex(sensed.dataIn), '0b881008' + '5e000000' + '00000000');
    const setblk = (length: string): Promise<ScsiResult> => toDrive(lib, 0, bytes('15 10 00 00 0c 00'), { dataOut: bytes(`00 00 10 08 | 5e 00 00 00 00 ${length}`) });
    assertGood(await setblk('01 00 00'));
    assert.equal(lib.drives[0]?.drive.settings.blockSize, 65536);
    assert.equal(hex((await toDrive(lib, 0, bytes('1a 00 00 00 0c 00'))).dataIn), '0b881008' + '5e000000' + '00010000');
    // st then writes in fixed mode: WRITE(6) FIXED = 1 of two 64 KiB blocks, read back as blocks of that size.
    assertGood(await toDrive(lib, 0, bytes('0a 01 00 00 02 00'), { dataOut: new Uint8Array(2 * 65536).fill(7) }));
    assertGood(await toDrive(lib, 0, bytes('01 00 00 00 00 00')));
    const fixedRead = await toDrive(lib, 0, bytes('08 01 00 00 02 00'), { dataInLength: 2 * 65536 });
    assertGood(fixedRead);
    assert.equal(fixedRead.dataIn.length, 2 * 65536);
    assertGood(await setblk('00 00 00'));
    assert.equal(lib.drives[0]?.drive.settings.blockSize, 0);
    await lib.close();
  });

  it('`mt compression 0` as st sends it: MODE SENSE(6) page 0Fh (DCC set), MODE SELECT(6) of the page with DCE cleared; then 1 again', async () => {
    const lib = await openLibrary();
    await mount(lib, { barcode: 'ABC123L8' });
    const page = await toDrive(lib, 0, bytes('1a 00 0f 00 ff 00'));
    assert.equal(hex(page.dataIn), '1b881008' + '5e00000000000000' + '0f0e' + 'c080' + '00000001' + '00000001' + '00000000');
    const compression = (dce: string): Promise<ScsiResult> =>
      toDrive(lib, 0, bytes('15 10 00 00 1c 00'), { dataOut: bytes(`00 00 10 08 | 5e 00 00 00 00 00 00 00 | 0f 0e ${dce} 80 00 00 00 01 00 00 00 01 00 00 00 00`) });
    assertGood(await compression('40'));
    assert.equal(lib.drives[0]?.drive.settings.compression, false);
    assert.equal(hex((await toDrive(lib, 0, bytes('1a 08 0f 00 ff 00'))).dataIn), '13881000' + '0f0e' + '4080' + '00000001' + '00000001' + '00000000');
    assertGood(await compression('c0'));
    assert.equal(lib.drives[0]?.drive.settings.compression, true);
    await lib.close();
  });

  it('what may change: changeable values show DCE, BUFFERED MODE and the block length; default values are compression on, variable blocks', async () => {
    const lib = await openLibrary();
    await mount(lib, { barcode: 'ABC123L8' });
    assert.equal(hex((await toDrive(lib, 0, bytes('1a 00 4f 00 ff 00'))).dataIn), '1b007008' + '00000000' + '00ffffff' + '0f0e' + '8000' + '00000000' + '00000000' + '00000000');
    assertGood(await toDrive(lib, 0, bytes('15 10 00 00 1c 00'), { dataOut: bytes('00 00 00 08 | 5e 00 00 00 00 00 80 00 | 0f 0e 40 80 00 00 00 01 00 00 00 01 00 00 00 00') }));
    assert.equal(hex((await toDrive(lib, 0, bytes('1a 00 8f 00 ff 00'))).dataIn), '1b881008' + '5e00000000000000' + '0f0e' + 'c080' + '00000001' + '00000001' + '00000000');
    assert.equal(hex((await toDrive(lib, 0, bytes('1a 00 00 00 0c 00'))).dataIn), '0b880008' + '5e000000' + '00008000', 'current: unbuffered, 32 KiB blocks');
    assertSense(await toDrive(lib, 0, bytes('1a 00 cf 00 ff 00')), 0x5, 0x39, 0x00);
    await lib.close();
  });

  it('refusals point at the field: DCC (not changeable) byte 14 bit 6; a page the drive lacks at its code; a short page at its length; SP 05/24/00 at byte 1 bit 0; a wrong density', async () => {
    const lib = await openLibrary();
    await mount(lib, { barcode: 'ABC123L8' });
    const withPage = (page: string): Promise<ScsiResult> => {
      const list = bytes(`00 00 10 08 | 5e 00 00 00 00 00 00 00 | ${page}`);
      return toDrive(lib, 0, Uint8Array.from([0x15, 0x10, 0, 0, list.length, 0]), { dataOut: list });
    };
    assert.equal(hex((await withPage('0f 0e 80 80 00 00 00 01 00 00 00 01 00 00 00 00')).sense), parameterListError('8e000e'));
    assert.equal(hex((await withPage('02 0e 00 00 00 00 00 00 00 00 00 00 00 00 00 00')).sense), parameterListError('8d000c'));
    assert.equal(hex((await withPage('0f 0a c0 80 00 00 00 01 00 00 00 01')).sense), parameterListError('80000d'));
    assert.equal(hex((await withPage('8f 0e c0 80 00 00 00 01 00 00 00 01 00 00 00 00')).sense), parameterListError('8f000c'));
    const saved = await toDrive(lib, 0, bytes('15 11 00 00 0c 00'), { dataOut: bytes('00 00 10 08 5e 00 00 00 00 00 00 00') });
    assert.equal(hex(saved.sense), '70000500000000' + '0a00000000' + '2400' + '00' + 'c80001');
    const density = await toDrive(lib, 0, bytes('15 10 00 00 0c 00'), { dataOut: bytes('00 00 10 08 26 00 00 00 00 00 00 00') });
    assert.equal(hex(density.sense), parameterListError('800004'));
    const speed = await toDrive(lib, 0, bytes('15 10 00 00 0c 00'), { dataOut: bytes('00 00 11 08 5e 00 00 00 00 00 00 00') });
    assert.equal(hex(speed.sense), parameterListError('880002'));
    assert.equal(lib.drives[0]?.drive.settings.compression, true, 'nothing of a refused list was applied');
    await lib.close();
  });

  it('another initiator hears 06/2A/01 once the parameters changed; the one that changed them does not', async () => {
    const lib = await openLibrary();
    await mount(lib, { barcode: 'ABC123L8' });
    await drainDriveAttentions(lib, 0, HOST_B.initiator);
    assertGood(await toDrive(lib, 0, bytes('15 10 00 00 0c 00'), { dataOut: bytes('00 00 10 08 00 00 00 00 00 00 04 00') }));
    assertGood(await toDrive(lib, 0, bytes('00 00 00 00 00 00')));
    assertSense(await toDrive(lib, 0, bytes('00 00 00 00 00 00'), { initiator: HOST_B.initiator }), 0x6, 0x2a, 0x01);
    await lib.close();
  });

  it('LTFS: MODE SENSE(10) page 3Fh with the medium type at byte 2 and density at byte 8; PEWS set through page 10h subpage 01h with MODE SELECT(10)', async () => {
    const lib = await openLibrary();
    await mount(lib, { barcode: 'ABC123L8' });
    const all = await toDrive(lib, 0, bytes('5a 00 3f ff 00 00 00 10 00 00'));
    assertGood(all);
    const data = Buffer.from(all.dataIn);
    assert.equal(data[2], 0x88);
    assert.equal(data[8], 0x5e);
    const pages: string[] = [];
    for (let at = 16; at < data.length; ) {
      const subpage = (data[at]! & 0x40) !== 0;
      pages.push(subpage ? `${hex(data.subarray(at, at + 2))}` : hex(data.subarray(at, at + 1)));
      at += subpage ? 4 + data.readUInt16BE(at + 2) : 2 + data[at + 1]!;
    }
    assert.deepEqual(pages, ['0a', '0f', '10', '5001', '11', '1c', '1d']);
    const sensed = await toDrive(lib, 0, bytes('5a 00 10 01 00 00 00 00 30 00'));
    assert.equal(hex(sensed.dataIn), '002e8810' + '00000008' + '5e00000000000000' + '5001001c' + '00000000' + '00'.repeat(24));
    const list = Buffer.from(sensed.dataIn);
    list.writeUInt16BE(0, 0);
    list.writeUInt16BE(3000, 22);
    assertGood(await toDrive(lib, 0, bytes('55 10 00 00 00 00 00 00 30 00'), { dataOut: list }));
    assert.equal(lib.drives[0]?.drive.settings.programmableEarlyWarningMB, 3000);
    assert.equal(hex((await toDrive(lib, 0, bytes('5a 08 10 01 00 00 00 00 30 00'))).dataIn.subarray(8, 16)), '5001001c' + '00000bb8');
    await lib.close();
  });

  it('pages 10h, 11h, 1Ch and 1Dh as an LTO-8 drive reports them with an LTO-8 data tape; 1Dh says WORM for a WORM tape', async () => {
    const lib = await openLibrary();
    await mount(lib, { barcode: 'ABC123L8' });
    const page = async (code: string): Promise<string> => hex((await toDrive(lib, 0, bytes(`1a 08 ${code} 00 ff 00`))).dataIn.subarray(4));
    // LOIS, EEG + SEW, SDCA 01h.
    assert.equal(await page('10'), '100e' + '0000000000' + '00' + '40' + '00' + '18' + '000000' + '01' + '00');
    // One partition the tape's size (in 10^9 bytes, or 10^6 below 1 GB); one more possible; PSUM 11b + POFM, format recognition 03h.
    const capacity = lib.drives[0]?.drive.tapeUsage()?.capacityBytes ?? 0;
    const units = capacity >= 1e9 ? 9 : 6;
    const size = Math.floor(capacity / 10 ** units).toString(16).padStart(4, '0');
    assert.equal(await page('11'), '1108' + '01' + '00' + '1c' + '03' + `0${units}` + '00' + size);
    assert.equal(await page('1c'), '1c0a' + '08' + '03' + '00000000' + '00000000');
    assert.equal(await page('1d'), '1d1e' + '00'.repeat(30));
    await mount(lib, { barcode: 'WRM001LY' }, 1);
    assert.equal(hex((await toDrive(lib, 1, bytes('1a 00 1d 00 ff 00'))).dataIn.subarray(0, 20)), '2b8c1008' + '5e00000000000000' + '1d1e' + '0100' + '0101' + '0000');
    await lib.close();
  });
});

describe('REPORT DENSITY SUPPORT', () => {
  it('an LTO-8 drive: LTO-8 (default), LTO-7 type M and LTO-7, all writable, newest first; MEDIA = 1: the tape\'s own; no tape: 02/3A/00', async () => {
    const lib = await openLibrary();
    const all = await toDrive(lib, 0, buildReportDensitySupportCdb({ allocationLength: 8192 }));
    assertGood(all);
    assert.equal(hex(all.dataIn.subarray(0, 24)), '009e0000' + '5e5ea1003400' + '50bd007f1a0000b71b00' + '4c544f2d');
    assert.equal(Buffer.from(all.dataIn.subarray(20, 56)).toString('latin1'), 'LTO-CVE U-832   Ultrium 8 12TB      ');
    const { descriptors } = parseDensitySupportData(all.dataIn);
    assert.deepEqual(descriptors.map((d) => [d.primaryDensityCode, d.writeOk, d.defaultDensity, d.capacityMB]), [
      [0x5e, true, true, 12_000_000],
      [0x5d, true, false, 9_000_000],
      [0x5c, true, false, 6_000_000],
    ]);
    assertSense(await toDrive(lib, 0, buildReportDensitySupportCdb({ media: true, allocationLength: 8192 })), 0x2, 0x3a, 0x00);
    await mount(lib, { barcode: 'ABC123L7' });
    const media = parseDensitySupportData((await toDrive(lib, 0, buildReportDensitySupportCdb({ media: true, allocationLength: 8192 }))).dataIn).descriptors;
    const capacity = lib.drives[0]?.drive.tapeUsage()?.capacityBytes ?? 0;
    assert.deepEqual(media.map((d) => [d.primaryDensityCode, d.writeOk, d.defaultDensity, d.capacityMB, d.densityName]), [[0x5c, true, false, Math.floor(capacity / 1e6), 'U-732']]);
    const mediumType = await toDrive(lib, 0, buildReportDensitySupportCdb({ mediumType: true, allocationLength: 8192 }));
    assert.equal(hex(mediumType.sense?.subarray(12, 18)), '2400' + '00' + 'c90001');
    await lib.close();
  });
});

describe('LOG SENSE of a drive', () => {
  const logSense = (page: number, options: { pageControl?: number; parameterPointer?: number } = {}): Buffer =>
    buildLogSenseCdb({ pageCode: page, allocationLength: 0x1000, ...options });
  const mbOf = (bytes: number): number => Math.floor(bytes / 1e6);

  it('00h lists 00h, 0Ch, 12h, 17h, 2Eh, 31h; 12h has the 64 flags; without a tape 0Ch says FFFFFFFFh for capacities and 17h/31h are 02/3A/00', async () => {
    const lib = await openLibrary();
    assert.equal(hex((await toDrive(lib, 0, logSense(0x00))).dataIn), '00000006' + '000c12172e31');
    // PBS's page 12h: length 0Ch, one parameter of the 64 flags; TapeAlert 20 (clean now) is bit 3 of byte 2.
    lib.drives[0]?.drive.tapeAlert.setCondition(20, true);
    assert.equal(hex((await toDrive(lib, 0, logSense(0x12))).dataIn), '1200000c' + '00000008' + '0000100000000000');
    const empty = parseTapeLogPage((await toDrive(lib, 0, logSense(0x0c))).dataIn, 0x0c);
    assert.equal(hex(empty.get(0x0004)), 'ffffffff');
    assert.equal(hex(empty.get(0x0000)), '0000000000000000');
    assertSense(await toDrive(lib, 0, logSense(0x17)), 0x2, 0x3a, 0x00);
    assertSense(await toDrive(lib, 0, logSense(0x31)), 0x2, 0x3a, 0x00);
    assertSense(await toDrive(lib, 0, logSense(0x30)), 0x5, 0x24, 0x00);
    await lib.close();
  });

  it('after writing 3 MB: 0Ch counts host and medium bytes, 17h and 31h agree with the tape\'s capacity and use, and count the load', async () => {
    const lib = await openLibrary();
    await mount(lib, { barcode: 'ABC123L8' });
    // Compression off, so medium bytes equal host bytes.
    assertGood(await toDrive(lib, 0, bytes('15 10 00 00 1c 00'), { dataOut: bytes('00 00 10 08 | 5e 00 00 00 00 00 00 00 | 0f 0e 40 80 00 00 00 01 00 00 00 01 00 00 00 00') }));
    for (let i = 0; i < 3; i++) assertGood(await toDrive(lib, 0, bytes('0a 00 0f 42 40 00'), { dataOut: new Uint8Array(1_000_000) }));
    const usage = lib.drives[0]?.drive.tapeUsage();
    assert.ok(usage !== undefined);
    const sequential = await toDrive(lib, 0, logSense(0x0c));
    assert.equal(hex(sequential.dataIn.subarray(0, 16)), '0c000064' + '00000008' + '00000000002dc6c0');
    const p0c = parseTapeLogPage(sequential.dataIn, 0x0c);
    assert.equal(counterValue(p0c.get(0x0001)), 3_000_000n);
    assert.equal(counterValue(p0c.get(0x0004)), BigInt(mbOf(usage.usedBytes)));
    assert.equal(counterValue(p0c.get(0x0007)), BigInt(mbOf(usage.usedBytes)));
    assert.equal(counterValue(p0c.get(0x0100)), 0n);

    const p17 = parseTapeLogPage((await toDrive(lib, 0, logSense(0x17))).dataIn, 0x17);
    assert.equal(hex(p17.get(0x0000)), '01');
    assert.equal(counterValue(p17.get(0x0001)), 1n);
    assert.equal(counterValue(p17.get(0x000e)), 3n);
    assert.equal(counterValue(p17.get(0x0016)), BigInt(mbOf(usage.capacityBytes)));
    assert.equal(counterValue(p17.get(0x0017)), 3n);
    assert.equal(p17.get(0x0042)?.toString('latin1').trimEnd(), 'ABC123L8');
    assert.equal(hex(p17.get(0x0081)), '00');
    assert.deepEqual(parsePartitionRecords(p17.get(0x0204) ?? Buffer.alloc(0)), [{ partition: 0, value: mbOf(usage.remainingBytes) }]);
    assert.equal(hex(p17.get(0x0203)), '07000000' + '00000003');

    const p31 = await toDrive(lib, 0, logSense(0x31));
    const hex32 = (n: number): string => n.toString(16).padStart(8, '0');
    assert.equal(
      hex(p31.dataIn),
      '31000020' + '00010004' + hex32(mbOf(usage.remainingBytes)) + '00020004' + '00000000' + '00030004' + hex32(mbOf(usage.capacityBytes)) + '00040004' + '00000000',
    );
    // Threshold values are zero; a parameter pointer leaves out what is below it.
    assert.equal(hex((await toDrive(lib, 0, logSense(0x31, { pageControl: 0, parameterPointer: 3 }))).dataIn), '31000010' + '0003000400000000' + '0004000400000000');
    await lib.close();
  });
});

describe('READ / WRITE ATTRIBUTE (MAM)', () => {
  const readAll = (first = 0, allocationLength = 0x8000, partitionNumber = 0): Buffer => buildReadAttributeCdb({ firstAttributeIdentifier: first, allocationLength, partitionNumber });
  const attribute = (identifier: number, format: number, value: Buffer | string): MamAttribute => ({ identifier, readOnly: false, format, value: Buffer.isBuffer(value) ? value : Buffer.from(value, 'latin1') });
  const writeList = (list: Buffer, partitionNumber = 0): Buffer => buildWriteAttributeCdb({ writeThroughCache: true, parameterListLength: list.length, partitionNumber });

  it('PBS: all attributes from 0000h — capacities in MiB from the tape, load count, density, medium type, manufacturer; exact bytes of the first ones', async () => {
    const lib = await openLibrary();
    await mount(lib, { barcode: 'ABC123L8' });
    const usage = lib.drives[0]?.drive.tapeUsage();
    assert.ok(usage !== undefined);
    const r = await toDrive(lib, 0, readAll());
    assertGood(r);
    const u64 = (n: number): string => BigInt(n).toString(16).padStart(16, '0');
    const mib = (bytes: number): number => Math.floor(bytes / (1024 * 1024));
    assert.equal(hex(r.dataIn.subarray(4, 43)), '0000800008' + u64(mib(usage.remainingBytes)) + '0001800008' + u64(mib(usage.capacityBytes)) + '0003800008' + u64(1));
    const { availableData, attributes } = parseAttributeValues(r.dataIn);
    assert.equal(availableData, r.dataIn.length - 4);
    const byId = new Map(attributes.map((a) => [a.identifier, a]));
    assert.deepEqual([...byId.keys()], [0x0000, 0x0001, 0x0003, 0x0004, 0x0005, 0x0006, 0x0009, 0x020a, 0x0400, 0x0401, 0x0402, 0x0403, 0x0404, 0x0405, 0x0407, 0x0408]);
    assert.equal(hex(byId.get(0x0405)?.value), '5e');
    assert.equal(hex(byId.get(0x0408)?.value), '00');
    assert.equal(hex(byId.get(0x0402)?.value), '000003c0', '960 m of LTO-8 tape');
    assert.equal(byId.get(0x0400)?.value.toString('latin1'), 'VIRTUAL ');
    assert.equal(byId.get(0x0401)?.format, 1);
    // Cut by the allocation length, AVAILABLE DATA still says how much there is.
    assert.equal(hex((await toDrive(lib, 0, readAll(0, 9))).dataIn), hex(r.dataIn.subarray(0, 9)));
    await lib.close();
  });

  it('PBS and LTFS writes (parameter data length without and with its header) read back, padded to the attribute\'s length; length 0 removes; the load count counts threadings', async () => {
    const lib = await openLibrary();
    await mount(lib, { barcode: 'ABC123L8' });
    const pbs = buildWriteAttributeParameters([attribute(0x0800, 1, 'Proxmox '), attribute(0x0801, 1, 'Proxmox Backup Server'), attribute(0x0803, 2, 'tape-label-1')]);
    assertGood(await toDrive(lib, 0, writeList(pbs), { dataOut: pbs }));
    const ltfs = buildWriteAttributeParameters([attribute(0x0806, 1, 'ABC123L8')]);
    ltfs.writeUInt32BE(ltfs.length, 0);
    assertGood(await toDrive(lib, 0, writeList(ltfs), { dataOut: ltfs }));
    // LTFS reads one attribute at a time: first = its id, allocation = its size + 4 header + 5.
    const vendor = await toDrive(lib, 0, readAll(0x0800, 4 + 5 + 8));
    assert.equal(hex(vendor.dataIn.subarray(4)), '0800010008' + Buffer.from('Proxmox ').toString('hex'));
    const name = parseAttributeValues((await toDrive(lib, 0, readAll(0x0801))).dataIn).attributes;
    assert.deepEqual(name.map((a) => [a.identifier, a.value.length]), [[0x0801, 32], [0x0803, 160], [0x0806, 32]]);
    assert.equal(name[0]?.value.toString('latin1'), 'Proxmox Backup Server'.padEnd(32));
    assert.equal(hex(name[1]?.value.subarray(12, 16)), '00000000', 'text pads with NULs');
    const list = await toDrive(lib, 0, buildReadAttributeCdb({ serviceAction: 1, firstAttributeIdentifier: 0x0800, allocationLength: 64 }));
    assert.equal(hex(list.dataIn), '00000008' + '0800' + '0801' + '0803' + '0806');
    const remove = buildWriteAttributeParameters([attribute(0x0803, 2, Buffer.alloc(0))]);
    assertGood(await toDrive(lib, 0, writeList(remove), { dataOut: remove }));
    assert.equal(hex((await toDrive(lib, 0, buildReadAttributeCdb({ serviceAction: 1, firstAttributeIdentifier: 0x0800, allocationLength: 64 }))).dataIn), '00000006' + '0800' + '0801' + '0806');
    assert.equal(hex((await toDrive(lib, 0, buildReadAttributeCdb({ serviceAction: 3, allocationLength: 64 }))).dataIn), '00020001');

    // Unload, back to its slot, into the other drive: the memory went with it, and it was threaded twice.
    assertGood(await toDrive(lib, 0, bytes('1b 00 00 00 00 00')));
    const source = lib.contents().find((l) => l.address === 256)?.cartridge.source ?? 16;
    assertGood(await send(lib, buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: 256, destinationAddress: source })));
    assertGood(await send(lib, buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: source, destinationAddress: 257 })));
    await settle(lib, 1);
    const again = new Map(parseAttributeValues((await toDrive(lib, 1, readAll())).dataIn).attributes.map((a) => [a.identifier, a.value]));
    assert.equal(hex(again.get(0x0003)), '0000000000000002');
    // The drives that threaded it, newest first: vendor (8) + serial, space-padded to 40.
    assert.equal(again.get(0x020a)?.toString('latin1'), 'IBM     10WT000002'.padEnd(40));
    assert.equal(again.get(0x020b)?.toString('latin1'), 'IBM     10WT000001'.padEnd(40));
    assert.equal(again.get(0x020c), undefined);
    assert.equal(again.get(0x0806)?.toString('latin1').trimEnd(), 'ABC123L8');
    await lib.close();
  });

  it('refusals: a device attribute, an unknown one, the wrong format or length point at the field (05/26/00); nothing of a refused list is kept; no tape 02/3A/00; partition 1 of a one-partition tape 05/24/00', async () => {
    const lib = await openLibrary();
    assertSense(await toDrive(lib, 0, readAll()), 0x2, 0x3a, 0x00);
    await mount(lib, { barcode: 'ABC123L8' });
    const refused = async (attributes: MamAttribute[]): Promise<string> => {
      const list = buildWriteAttributeParameters(attributes);
      return hex((await toDrive(lib, 0, writeList(list), { dataOut: list })).sense);
    };
    assert.equal(await refused([attribute(0x0800, 1, 'Bacula  '), attribute(0x0000, 0, Buffer.alloc(8))]), parameterListError('800011'));
    assert.equal(await refused([attribute(0x0300, 0, Buffer.alloc(4))]), parameterListError('800004'));
    assert.equal(await refused([attribute(0x0801, 0, 'Bacula')]), parameterListError('890006'));
    assert.equal(await refused([attribute(0x0805, 0, Buffer.alloc(2))]), parameterListError('800007'));
    assert.equal(await refused([attribute(0x0800, 1, 'too long for 8')]), parameterListError('800007'));
    // The first list's 0800h was not kept: nothing at or above 0800h, so 05/24/00 at FIRST ATTRIBUTE IDENTIFIER.
    assert.equal(hex((await toDrive(lib, 0, readAll(0x0800))).sense?.subarray(12, 18)), '2400' + '00' + 'c00008');
    assert.equal(hex((await toDrive(lib, 0, readAll(0, 64, 1))).sense?.subarray(12, 18)), '2400' + '00' + 'c00007');
    await lib.close();
  });

  it('host attributes are on the cartridge after a restart', async () => {
    const { dir, remove } = await tempDir();
    try {
      let lib = await VirtualLibrary.open({ dir, profile: 'library-24', clock: new VirtualClock({ autoAdvance: true }) });
      await drainAttentions(lib);
      assertGood(await send(lib, buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: 4096, destinationAddress: 256 })));
      await settle(lib);
      const list = buildWriteAttributeParameters([attribute(0x0808, 2, 'Daily')]);
      assertGood(await toDrive(lib, 0, writeList(list), { dataOut: list }));
      await lib.close();
      lib = await VirtualLibrary.open({ dir, clock: new VirtualClock({ autoAdvance: true }) });
      await settle(lib);
      const [pool] = parseAttributeValues((await toDrive(lib, 0, readAll(0x0808))).dataIn).attributes;
      assert.equal(pool?.value.subarray(0, 5).toString('latin1'), 'Daily');
      await lib.close();
    } finally {
      await remove();
    }
  });
});

describe('partitions through page 11h (mkltfs)', () => {
  it('MODE SELECT(10) of page 11h with IDP, 1 GB + the rest, then FORMAT MEDIUM 1: two partitions in page 11h, LOG SENSE 31h and MAM 0001h', async () => {
    const lib = await openLibrary();
    await mount(lib, { barcode: 'ABC123L8' });
    const sensed = Buffer.from((await toDrive(lib, 0, bytes('5a 00 11 00 00 00 00 00 1c 00'))).dataIn);
    assert.equal(hex(sensed.subarray(16, 22)), '1108' + '01' + '00' + '1c' + '03');
    const list = Buffer.alloc(28);
    sensed.copy(list, 0, 0, 26);
    list.writeUInt16BE(0, 0);
    list[17] = 0x0a;
    list[19] = 1;
    list[20] = 0x20 | (sensed[20]! & 0x1f);
    list[22] = 0x09;
    list.writeUInt16BE(1, 24);
    list.writeUInt16BE(0xffff, 26);
    assertGood(await toDrive(lib, 0, bytes('55 10 00 00 00 00 00 00 1c 00'), { dataOut: list }));
    assert.deepEqual(lib.drives[0]?.drive.settings.pendingPartitions, [1e9, undefined]);
    assertGood(await toDrive(lib, 0, bytes('04 00 01 00 00 00')));
    const usage = lib.drives[0]?.drive.tapeUsage();
    assert.equal(usage?.partitions.length, 2);
    const page = hex((await toDrive(lib, 0, bytes('1a 08 11 00 ff 00'))).dataIn.subarray(4));
    assert.equal(page.slice(0, 16), '110a' + '01' + '01' + '3c' + '03' + '09' + '00');
    const p31 = parseTapeLogPage((await toDrive(lib, 0, buildLogSenseCdb({ pageCode: 0x31, allocationLength: 0x100 }))).dataIn, 0x31);
    assert.equal(counterValue(p31.get(0x0003)), BigInt(Math.floor((usage?.partitions[0]?.capacityBytes ?? 0) / 1e6)));
    assert.equal(counterValue(p31.get(0x0004)), BigInt(Math.floor((usage?.partitions[1]?.capacityBytes ?? 0) / 1e6)));
    const mam1 = parseAttributeValues((await toDrive(lib, 0, buildReadAttributeCdb({ partitionNumber: 1, firstAttributeIdentifier: 1, allocationLength: 17 }))).dataIn).attributes;
    assert.equal(mam1[0]?.value.readBigUInt64BE(0), BigInt(Math.floor((usage?.partitions[1]?.capacityBytes ?? 0) / (1024 * 1024))));
    await lib.close();
  });

  it('refused: more partitions than the drive makes (byte 3), SDP (byte 4 bit 6), a zero size, a changed maximum', async () => {
    const lib = await openLibrary();
    await mount(lib, { barcode: 'ABC123L8' });
    const select = async (page: string): Promise<string> => {
      const list = bytes(`00 00 10 08 | 5e 00 00 00 00 00 00 00 | ${page}`);
      return hex((await toDrive(lib, 0, Uint8Array.from([0x15, 0x10, 0, 0, list.length, 0]), { dataOut: list })).sense);
    };
    assert.equal(await select('11 0a 01 02 3c 03 09 00 0001 ffff'), parameterListError('80000f'));
    assert.equal(await select('11 0a 01 01 7c 03 09 00 0001 ffff'), parameterListError('8e0010'));
    assert.equal(await select('11 0a 01 01 3c 03 09 00 0000 ffff'), parameterListError('800014'));
    assert.equal(await select('11 0a 03 01 3c 03 09 00 0001 ffff'), parameterListError('80000e'));
    assert.equal(lib.drives[0]?.drive.settings.pendingPartitions, undefined);
    await lib.close();
  });
});

describe('parameter commands never fail inside', () => {
  const opcodes = [0x15, 0x1a, 0x44, 0x4d, 0x55, 0x5a, 0x8c, 0x8d, 0xa3, 0x12, 0x05];
  const flip = (list: Uint8Array, at: number, mask: number): Uint8Array => {
    const out = Uint8Array.from(list);
    if (out.length > 0) out[at % out.length] = (out[at % out.length] ?? 0) ^ mask;
    return out;
  };
  const sensedLists = [
    bytes('00 00 10 08 | 5e 00 00 00 00 01 00 00'),
    bytes('00 00 10 08 | 5e 00 00 00 00 00 00 00 | 0f 0e c0 80 00 00 00 01 00 00 00 01 00 00 00 00'),
    bytes('00 00 10 08 | 5e 00 00 00 00 00 00 00 | 11 0a 01 01 3c 03 09 00 00 01 ff ff'),
    bytes('00 00 10 08 | 5e 00 00 00 00 00 00 00 | 50 01 00 1c 00 00 0b b8' + '00'.repeat(24)),
    buildWriteAttributeParameters([{ identifier: 0x0800, readOnly: false, format: 1, value: Buffer.from('Bacula  ') }]),
  ];
  const step = fc.oneof(
    fc.tuple(fc.constantFrom(...opcodes), fc.uint8Array({ minLength: 15, maxLength: 15 }), fc.uint8Array({ maxLength: 64 })).map(([op, rest, dataOut]) => ({ cdb: Uint8Array.from([op, ...rest]), dataOut })),
    fc.tuple(fc.constantFrom(...sensedLists), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.boolean(), fc.boolean()).map(([list, at, mask, ten, attribute]) => {
      const dataOut = flip(list, at, mask);
      if (attribute) return { cdb: buildWriteAttributeCdb({ parameterListLength: dataOut.length }), dataOut };
      const cdb = ten ? Uint8Array.from([0x55, 0x10, 0, 0, 0, 0, 0, 0, dataOut.length, 0]) : Uint8Array.from([0x15, 0x10, 0, 0, dataOut.length, 0]);
      if (ten) return { cdb, dataOut: Uint8Array.from([0, 0, 0, dataOut[2] ?? 0, 0, 0, 0, dataOut[3] ?? 0, ...dataOut.subarray(4)]) };
      return { cdb, dataOut };
    }),
  );

  it('property: random CDBs and damaged parameter lists end GOOD or CHECK CONDITION, with no internal error', async () => {
    const lib = await openLibrary();
    await mount(lib, { barcode: 'ABC123L8' });
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 20 }), async (steps) => {
          for (const s of steps) {
            const r = await toDrive(lib, 0, s.cdb, { dataOut: s.dataOut, dataInLength: 0x2000 });
            assert.ok(r.status === 0x00 || r.status === 0x02, `status ${r.status}`);
          }
          assert.deepEqual(lib.drives[0]?.internalErrors, []);
        }),
        { numRuns: 150 },
      );
    } finally {
      await lib.close();
    }
  });
});
