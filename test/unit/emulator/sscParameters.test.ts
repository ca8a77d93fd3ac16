/**
 * A tape drive's parameter and identity commands as backup software uses them (ssc.md §1–2):
 * READ BLOCK LIMITS, MODE SENSE/SELECT (`mt setblk`, `mt compression`, PBS, LTFS), REPORT
 * DENSITY SUPPORT, LOG SENSE, READ/WRITE ATTRIBUTE (MAM), REPORT SUPPORTED OPERATION CODES and
 * VPD 83h — exact bytes, through the drive's SscDevice.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ReportingOptions,
  buildInquiryCdb,
  buildReadBlockLimitsCdb,
  buildReportSupportedOperationCodesCdb,
  parseAllCommandsData,
  parseDeviceIdentificationPage,
} from '../../../src/scsi/index.ts';
import { assertGood, assertSense } from './helpers.ts';
import { hex, mount, openLibrary, toDrive } from './driveHelpers.ts';

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
    const none = await toDrive(lib, 0, buildReportSupportedOperationCodesCdb({ reportingOptions: ReportingOptions.OPCODE, requestedOperationCode: 0x2b, allocationLength: 64 }));
    assert.equal(hex(none.dataIn), '00010000');
    const other = Uint8Array.from([0xa3, 0x05, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0]);
    assertSense(await toDrive(lib, 0, other), 0x5, 0x20, 0x00);
    await lib.close();
  });
});
