import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as scsi from '../../../src/scsi/index.ts';
import { ScsiFormatError, buildFixedSense, senseForFormatError } from '../../../src/scsi/index.ts';
import { expectParsesOrFormatError, record, u16, u24, u32, u8 } from './arbitraries.ts';

const hex = (text: string) => Buffer.from(text.replace(/ /g, ''), 'hex');

/** Asserts a parse fails as a CDB field error at exactly this byte (and bit). */
function rejects(parse: (cdb: Buffer) => unknown, cdb: string, byte: number, bit?: number): void {
  assert.throws(
    () => parse(hex(cdb)),
    (e: unknown) => {
      assert.ok(e instanceof ScsiFormatError, String(e));
      assert.equal(e.location, 'cdb');
      assert.deepEqual(e.field, bit === undefined ? { byte } : { byte, bit });
      return true;
    },
  );
}

// ---- literal fixtures: peers' CDBs (smc.md §1.2–§1.7, interop samples) ----

test('TEST UNIT READY: sg_turs sends 00 00 00 00 00 00', () => {
  assert.deepEqual(scsi.buildTestUnitReadyCdb(), hex('00 00 00 00 00 00'));
  assert.deepEqual(scsi.parseTestUnitReadyCdb(hex('00 00 00 00 00 00')), { control: 0 });
  rejects(scsi.parseTestUnitReadyCdb, '00 00 00 01 00 00', 3, 0);
});

test('REZERO UNIT and INITIALIZE ELEMENT STATUS are opcode + reserved + control', () => {
  assert.deepEqual(scsi.buildRezeroUnitCdb(), hex('01 00 00 00 00 00'));
  assert.deepEqual(scsi.buildInitializeElementStatusCdb(), hex('07 00 00 00 00 00'));
  assert.deepEqual(scsi.parseInitializeElementStatusCdb(hex('07 20 00 00 00 00')), { control: 0 }, 'obsolete LUN bits are ignored');
  rejects(scsi.parseInitializeElementStatusCdb, '07 01 00 00 00 00', 1, 0);
});

test('REQUEST SENSE with DESC and allocation 252', () => {
  assert.deepEqual(scsi.buildRequestSenseCdb({ allocationLength: 252, descriptorFormat: true }), hex('03 01 00 00 fc 00'));
  assert.deepEqual(scsi.parseRequestSenseCdb(hex('03 00 00 00 12 00')), { descriptorFormat: false, allocationLength: 18, control: 0 });
  rejects(scsi.parseRequestSenseCdb, '03 02 00 00 12 00', 1, 1);
});

test('INQUIRY: mtx sends 12 00 00 00 <len> 00; VPD 80h; page code without EVPD is refused', () => {
  assert.deepEqual(scsi.buildInquiryCdb({ allocationLength: 0x60 }), hex('12 00 00 00 60 00'));
  assert.deepEqual(scsi.parseInquiryCdb(hex('12 00 00 00 60 00')), { evpd: false, pageCode: 0, allocationLength: 0x60, control: 0 });
  assert.deepEqual(scsi.buildInquiryCdb({ evpd: true, pageCode: 0x80, allocationLength: 0xff }), hex('12 01 80 00 ff 00'));
  rejects(scsi.parseInquiryCdb, '12 00 80 00 ff 00', 2);
  rejects(scsi.parseInquiryCdb, '12 02 00 00 ff 00', 1, 1);
});

test('MODE SENSE(6) page 1Dh as Linux ch, mtx and PBS send it', () => {
  assert.deepEqual(scsi.buildModeSense6Cdb({ pageCode: 0x1d, allocationLength: 0xff }), hex('1a 00 1d 00 ff 00'));
  assert.deepEqual(scsi.buildModeSense6Cdb({ disableBlockDescriptors: true, pageCode: 0x1d, allocationLength: 0x88 }), hex('1a 08 1d 00 88 00'));
  assert.deepEqual(scsi.parseModeSense6Cdb(hex('1a 08 1d 00 ff 00')), {
    disableBlockDescriptors: true,
    pageControl: scsi.ModePageControl.CURRENT,
    pageCode: 0x1d,
    subpageCode: 0,
    allocationLength: 0xff,
    control: 0,
  });
  assert.equal(scsi.parseModeSense6Cdb(hex('1a 00 7f 00 ff 00')).pageControl, scsi.ModePageControl.CHANGEABLE);
  rejects(scsi.parseModeSense6Cdb, '1a 10 1d 00 ff 00', 1, 4);
});

test('MODE SENSE(10), MODE SELECT(6)/(10)', () => {
  assert.deepEqual(
    scsi.buildModeSense10Cdb({ longLbaAccepted: true, disableBlockDescriptors: true, pageControl: 2, pageCode: 0x3f, subpageCode: 0xff, allocationLength: 0x1000 }),
    hex('5a 18 bf ff 00 00 00 10 00 00'),
  );
  rejects(scsi.parseModeSense10Cdb, '5a 00 1d 00 00 01 00 00 ff 00', 5, 0);
  assert.deepEqual(scsi.buildModeSelect6Cdb({ pageFormat: true, savePages: true, parameterListLength: 24 }), hex('15 11 00 00 18 00'));
  assert.deepEqual(scsi.parseModeSelect10Cdb(hex('55 10 00 00 00 00 00 00 1c 00')), {
    pageFormat: true,
    savePages: false,
    parameterListLength: 28,
    control: 0,
  });
  rejects(scsi.parseModeSelect6Cdb, '15 12 00 00 18 00', 1, 1);
});

test('REPORT LUNS', () => {
  assert.deepEqual(scsi.buildReportLunsCdb({ allocationLength: 0x1000 }), hex('a0 00 00 00 00 00 00 00 10 00 00 00'));
  assert.deepEqual(scsi.parseReportLunsCdb(hex('a0 00 02 00 00 00 00 00 00 10 00 00')), { selectReport: 2, allocationLength: 16, control: 0 });
  rejects(scsi.parseReportLunsCdb, 'a0 00 00 00 00 00 00 00 00 10 01 00', 10, 0);
});

test('RESERVE/RELEASE (6) element form and (10)', () => {
  assert.deepEqual(
    scsi.buildReserve6Cdb({ thirdParty: true, thirdPartyDeviceId: 5, element: true, reservationId: 7, elementListLength: 12 }),
    hex('16 1b 07 00 0c 00'),
  );
  assert.deepEqual(scsi.parseRelease6Cdb(hex('17 01 07 00 00 00')), {
    thirdParty: false,
    thirdPartyDeviceId: 0,
    element: true,
    reservationId: 7,
    control: 0,
  });
  rejects(scsi.parseRelease6Cdb, '17 01 07 00 01 00', 4, 0);
  assert.deepEqual(scsi.buildReserve10Cdb({ thirdParty: true, longId: true, parameterListLength: 8 }), hex('56 12 00 00 00 00 00 00 08 00'));
  assert.deepEqual(scsi.buildRelease10Cdb(), hex('57 00 00 00 00 00 00 00 00 00'));
  rejects(scsi.parseReserve10Cdb, '56 04 00 00 00 00 00 00 00 00', 1, 2);
});

test('PERSISTENT RESERVE IN/OUT', () => {
  assert.deepEqual(
    scsi.buildPersistentReserveInCdb({ serviceAction: scsi.PersistentReserveInAction.READ_KEYS, allocationLength: 0x2000 }),
    hex('5e 00 00 00 00 00 00 20 00 00'),
  );
  rejects(scsi.parsePersistentReserveInCdb, '5e 04 00 00 00 00 00 20 00 00', 1, 4);
  assert.deepEqual(
    scsi.buildPersistentReserveOutCdb({ serviceAction: scsi.PersistentReserveOutAction.RESERVE, type: scsi.PersistentReservationType.EXCLUSIVE_ACCESS }),
    hex('5f 01 03 00 00 00 00 00 18 00'),
  );
  assert.deepEqual(scsi.parsePersistentReserveOutCdb(hex('5f 00 00 00 00 00 00 00 18 00')), {
    serviceAction: 0,
    scope: 0,
    type: 0,
    parameterListLength: 24,
    control: 0,
  });
  rejects(scsi.parsePersistentReserveOutCdb, '5f 08 00 00 00 00 00 00 18 00', 1, 4);
});

test('PREVENT ALLOW MEDIUM REMOVAL: sg_prevent --prevent=1', () => {
  assert.deepEqual(scsi.buildPreventAllowMediumRemovalCdb({ prevent: true }), hex('1e 00 00 00 01 00'));
  assert.deepEqual(scsi.parsePreventAllowMediumRemovalCdb(hex('1e 00 00 00 00 00')), { prevent: false, control: 0 });
  rejects(scsi.parsePreventAllowMediumRemovalCdb, '1e 00 00 00 02 00', 4, 1);
  rejects(scsi.parsePreventAllowMediumRemovalCdb, '1e 00 00 00 05 00', 4, 2);
});

test('READ ELEMENT STATUS: mtx per-type query, Linux ch single element, PBS DVCID', () => {
  assert.deepEqual(
    scsi.buildReadElementStatusCdb({ volumeTag: true, elementType: 2, startingElementAddress: 1000, numberOfElements: 20, allocationLength: 0x400 }),
    hex('b8 12 03 e8 00 14 00 00 04 00 00 00'),
  );
  // Linux ch ORs lun << 5 into byte 1 for SCSI-2 devices; the obsolete LUN bits are ignored.
  assert.deepEqual(scsi.parseReadElementStatusCdb(hex('b8 32 03 e8 00 01 00 00 00 ff 00 00')), {
    volumeTag: true,
    elementType: 2,
    startingElementAddress: 1000,
    numberOfElements: 1,
    mixed: false,
    currentData: false,
    deviceId: false,
    allocationLength: 255,
    control: 0,
  });
  assert.deepEqual(scsi.parseReadElementStatusCdb(hex('b8 04 01 f4 00 04 01 00 08 00 00 00')).deviceId, true);
  assert.deepEqual(
    scsi.buildReadElementStatusCdb({ elementType: 4, startingElementAddress: 0, numberOfElements: 1000, deviceId: true, allocationLength: 0x10000 }),
    hex('b8 04 00 00 03 e8 01 01 00 00 00 00'),
  );
  rejects(scsi.parseReadElementStatusCdb, 'b8 05 00 00 00 01 00 00 00 ff 00 00', 1, 3);
  rejects(scsi.parseReadElementStatusCdb, 'b8 02 00 00 00 01 00 00 00 ff 80 00', 10, 7);
});

test('READ ELEMENT STATUS: the sg_raw CDB of smc.md §2.5 has reserved bits set in byte 6', () => {
  // `b8 04 01 f4 00 04 ff 00 08 00 00 00`: byte 6 = FFh sets DVCID but also reserved bits 7–3.
  rejects(scsi.parseReadElementStatusCdb, 'b8 04 01 f4 00 04 ff 00 08 00 00 00', 6, 7);
});

test('MOVE MEDIUM: mtx load 3 0 against tgt (transport 1, slot 1002 → drive 500)', () => {
  const cdb = hex('a5 00 00 01 03 ea 01 f4 00 00 00 00');
  assert.deepEqual(scsi.buildMoveMediumCdb({ transportElementAddress: 1, sourceAddress: 1002, destinationAddress: 500 }), cdb);
  assert.deepEqual(scsi.parseMoveMediumCdb(cdb), { transportElementAddress: 1, sourceAddress: 1002, destinationAddress: 500, invert: false, control: 0 });
  assert.equal(scsi.parseMoveMediumCdb(hex('a5 00 00 01 03 ea 01 f4 00 00 00 80')).control, 0x80, 'mtx eepos bits are kept');
  rejects(scsi.parseMoveMediumCdb, 'a5 00 00 01 03 ea 01 f4 00 00 02 00', 10, 1);
  rejects(scsi.parseMoveMediumCdb, 'a5 00 00 01 03 ea 01 f4 00 00 00 00'.slice(0, 17), 0);
  rejects(scsi.parseMoveMediumCdb, 'a5 00 00 01 03 ea 01 f4 00 04 00 00', 9, 2);
  rejects(scsi.parseMoveMediumCdb, 'a6 00 00 01 03 ea 01 f4 00 00 00 00', 0);
});

test('a CDB padded to 16 bytes (iSCSI) parses; a short one is refused at byte 0', () => {
  const padded = Buffer.concat([scsi.buildMoveMediumCdb({ transportElementAddress: 0, sourceAddress: 1, destinationAddress: 2, invert: true }), Buffer.alloc(4)]);
  assert.equal(scsi.parseMoveMediumCdb(padded).invert, true);
  rejects(scsi.parsePositionToElementCdb, '2b 00 00 01 03 e8', 0);
});

test('a parse error becomes ILLEGAL REQUEST 24/00 with SKSV, C/D=1, BPV and the field pointer', () => {
  try {
    scsi.parseMoveMediumCdb(hex('a5 00 00 01 03 ea 01 f4 00 00 02 00'));
    assert.fail('expected a ScsiFormatError');
  } catch (error) {
    assert.ok(error instanceof ScsiFormatError);
    assert.match(error.message, /^MOVE MEDIUM CDB: reserved bit 1 is set \(byte 10, bit 1\)$/);
    assert.deepEqual(buildFixedSense(senseForFormatError(error)), hex('70 00 05 00 00 00 00 0a 00 00 00 00 24 00 00 c9 00 0a'));
  }
});

test('EXCHANGE MEDIUM: INV1 = byte 10 bit 0, INV2 = bit 1 (SCSI-2 / Linux ch)', () => {
  assert.deepEqual(
    scsi.buildExchangeMediumCdb({ transportElementAddress: 1, sourceAddress: 0x3e8, firstDestinationAddress: 0x1f4, secondDestinationAddress: 0x3e8, invert2: true }),
    hex('a6 00 00 01 03 e8 01 f4 03 e8 02 00'),
  );
  assert.equal(scsi.parseExchangeMediumCdb(hex('a6 00 00 01 03 e8 01 f4 03 e8 01 00')).invert1, true);
  // mtx's invert2 lands in byte 1 bit 0, which is reserved.
  rejects(scsi.parseExchangeMediumCdb, 'a6 01 00 01 03 e8 01 f4 03 e8 00 00', 1, 0);
});

test('POSITION TO ELEMENT', () => {
  assert.deepEqual(scsi.buildPositionToElementCdb({ transportElementAddress: 1, destinationAddress: 1000, invert: true }), hex('2b 00 00 01 03 e8 00 00 01 00'));
  rejects(scsi.parsePositionToElementCdb, '2b 00 00 01 03 e8 00 01 00 00', 7, 0);
});

test('INITIALIZE ELEMENT STATUS WITH RANGE: 37h and the E7h vendor form', () => {
  assert.deepEqual(
    scsi.buildInitializeElementStatusWithRangeCdb({ fast: true, range: true, startingElementAddress: 1000, numberOfElements: 10 }),
    hex('37 03 03 e8 00 00 00 0a 00 00'),
  );
  assert.deepEqual(scsi.parseInitializeElementStatusWithRangeCdb(hex('e7 01 03 e8 00 00 00 0a 00 80')), {
    vendorOpcode: true,
    fast: false,
    range: true,
    startingElementAddress: 1000,
    numberOfElements: 10,
    control: 0x80,
  });
  assert.deepEqual(scsi.buildInitializeElementStatusWithRangeCdb({ vendorOpcode: true }), hex('e7 00 00 00 00 00 00 00 00 00'));
  rejects(scsi.parseInitializeElementStatusWithRangeCdb, '37 04 00 00 00 00 00 00 00 00', 1, 2);
  rejects(scsi.parseInitializeElementStatusWithRangeCdb, '37 00 00 00 00 00 00 00 01 00', 8, 0);
});

test('OPEN/CLOSE IMPORT/EXPORT ELEMENT; mtx eject (1B 00 00 00 02 00) is a reserved action code', () => {
  assert.deepEqual(scsi.buildOpenCloseImportExportElementCdb({ elementAddress: 10, action: scsi.ImportExportAction.CLOSE }), hex('1b 00 00 0a 01 00'));
  assert.deepEqual(scsi.parseOpenCloseImportExportElementCdb(hex('1b 00 00 0a 00 00')), { elementAddress: 10, action: 0, control: 0 });
  rejects(scsi.parseOpenCloseImportExportElementCdb, '1b 00 00 00 02 00', 4, 4);
  rejects(scsi.parseOpenCloseImportExportElementCdb, '1b 00 00 0a 20 00', 4, 5);
});

test('SEND VOLUME TAG and REQUEST VOLUME ELEMENT ADDRESS', () => {
  assert.deepEqual(
    scsi.buildSendVolumeTagCdb({ elementType: 2, elementAddress: 1000, sendActionCode: scsi.SendVolumeTagAction.REPLACE_PRIMARY }),
    hex('b6 02 03 e8 00 0a 00 00 00 28 00 00'),
  );
  assert.deepEqual(scsi.parseSendVolumeTagCdb(hex('b6 00 00 00 00 05 00 00 00 28 00 00')), {
    elementType: 0,
    elementAddress: 0,
    sendActionCode: 5,
    parameterListLength: 40,
    control: 0,
  });
  rejects(scsi.parseSendVolumeTagCdb, 'b6 00 00 00 00 03 00 00 00 28 00 00', 5, 4);
  rejects(scsi.parseSendVolumeTagCdb, 'b6 12 00 00 00 05 00 00 00 28 00 00', 1, 4);
  assert.equal(scsi.parseSendVolumeTagCdb(hex('b6 00 00 00 00 1f 00 00 00 28 00 00')).sendActionCode, 0x1f, 'vendor action codes pass');
  assert.deepEqual(
    scsi.buildRequestVolumeElementAddressCdb({ volumeTag: true, elementType: 0, elementAddress: 0, numberOfElements: 5, allocationLength: 0x200 }),
    hex('b5 10 00 00 00 05 00 00 02 00 00 00'),
  );
  rejects(scsi.parseRequestVolumeElementAddressCdb, 'b5 10 00 00 00 05 01 00 02 00 00 00', 6, 0);
});

test('LOG SENSE of the TapeAlert page and REPORT SUPPORTED OPERATION CODES', () => {
  assert.deepEqual(scsi.buildLogSenseCdb({ pageCode: 0x2e, allocationLength: 0x1000 }), hex('4d 00 6e 00 00 00 00 10 00 00'));
  assert.equal(scsi.parseLogSenseCdb(hex('4d 00 6e 00 00 00 00 10 00 00')).pageCode, 0x2e);
  rejects(scsi.parseLogSenseCdb, '4d 00 6e 00 01 00 00 10 00 00', 4, 0);
  assert.deepEqual(scsi.buildReportSupportedOperationCodesCdb({ allocationLength: 0x2000 }), hex('a3 0c 00 00 00 00 00 00 20 00 00 00'));
  assert.deepEqual(scsi.parseReportSupportedOperationCodesCdb(hex('a3 0c 82 a5 00 00 00 00 01 00 00 00')), {
    returnTimeouts: true,
    reportingOptions: 2,
    requestedOperationCode: 0xa5,
    requestedServiceAction: 0,
    allocationLength: 256,
    control: 0,
  });
  assert.equal(scsi.serviceActionOf(hex('a3 0c')), 0x0c);
  rejects(scsi.parseReportSupportedOperationCodesCdb, 'a3 05 00 00 00 00 00 00 01 00 00 00', 1, 4);
  rejects(scsi.parseReportSupportedOperationCodesCdb, 'a3 0c 04 00 00 00 00 00 01 00 00 00', 2, 2);
});

test('opcodes: names and group lengths', () => {
  assert.equal(scsi.opcodeName(0xa5), 'MOVE MEDIUM');
  assert.equal(scsi.opcodeName(0x1a), 'MODE SENSE(6)');
  assert.equal(scsi.opcodeName(0xff), 'OPCODE 0xff');
  assert.deepEqual([0x00, 0x2b, 0x5e, 0xa5, 0x88, 0xe7, 0xc0].map(scsi.cdbLength), [6, 10, 10, 12, 16, 10, undefined]);
});

// ---- properties: parse(build(x)) = x for every command, and fuzzing ----

const elementType = fc.integer({ min: 0, max: 4 }) as fc.Arbitrary<scsi.ElementTypeCode>;
const control = u8;

interface Codec<T> {
  name: string;
  opcode: number;
  build: (value: T) => Buffer;
  parse: (cdb: Buffer) => T;
  arb: fc.Arbitrary<T>;
}
const codec = <T>(c: Codec<T>): Codec<unknown> => c as Codec<unknown>;

const codecs: Codec<unknown>[] = [
  codec({ name: 'TEST UNIT READY', opcode: 0x00, build: scsi.buildTestUnitReadyCdb, parse: scsi.parseTestUnitReadyCdb, arb: record({ control }) }),
  codec({ name: 'REZERO UNIT', opcode: 0x01, build: scsi.buildRezeroUnitCdb, parse: scsi.parseRezeroUnitCdb, arb: record({ control }) }),
  codec({
    name: 'INITIALIZE ELEMENT STATUS',
    opcode: 0x07,
    build: scsi.buildInitializeElementStatusCdb,
    parse: scsi.parseInitializeElementStatusCdb,
    arb: record({ control }),
  }),
  codec({
    name: 'REQUEST SENSE',
    opcode: 0x03,
    build: scsi.buildRequestSenseCdb,
    parse: scsi.parseRequestSenseCdb,
    arb: record({ descriptorFormat: fc.boolean(), allocationLength: u8, control }),
  }),
  codec({
    name: 'INQUIRY',
    opcode: 0x12,
    build: scsi.buildInquiryCdb,
    parse: scsi.parseInquiryCdb,
    arb: fc.oneof(
      record({ evpd: fc.constant(true), pageCode: u8, allocationLength: u16, control }),
      record({ evpd: fc.constant(false), pageCode: fc.constant(0), allocationLength: u16, control }),
    ),
  }),
  codec({
    name: 'MODE SENSE(6)',
    opcode: 0x1a,
    build: scsi.buildModeSense6Cdb,
    parse: scsi.parseModeSense6Cdb,
    arb: record({
      disableBlockDescriptors: fc.boolean(),
      pageControl: fc.integer({ min: 0, max: 3 }) as fc.Arbitrary<scsi.ModePageControl>,
      pageCode: fc.integer({ min: 0, max: 63 }),
      subpageCode: u8,
      allocationLength: u8,
      control,
    }),
  }),
  codec({
    name: 'MODE SENSE(10)',
    opcode: 0x5a,
    build: scsi.buildModeSense10Cdb,
    parse: scsi.parseModeSense10Cdb,
    arb: record({
      longLbaAccepted: fc.boolean(),
      disableBlockDescriptors: fc.boolean(),
      pageControl: fc.integer({ min: 0, max: 3 }) as fc.Arbitrary<scsi.ModePageControl>,
      pageCode: fc.integer({ min: 0, max: 63 }),
      subpageCode: u8,
      allocationLength: u16,
      control,
    }),
  }),
  codec({
    name: 'MODE SELECT(6)',
    opcode: 0x15,
    build: scsi.buildModeSelect6Cdb,
    parse: scsi.parseModeSelect6Cdb,
    arb: record({ pageFormat: fc.boolean(), savePages: fc.boolean(), parameterListLength: u8, control }),
  }),
  codec({
    name: 'MODE SELECT(10)',
    opcode: 0x55,
    build: scsi.buildModeSelect10Cdb,
    parse: scsi.parseModeSelect10Cdb,
    arb: record({ pageFormat: fc.boolean(), savePages: fc.boolean(), parameterListLength: u16, control }),
  }),
  codec({
    name: 'REPORT LUNS',
    opcode: 0xa0,
    build: scsi.buildReportLunsCdb,
    parse: scsi.parseReportLunsCdb,
    arb: record({ selectReport: u8, allocationLength: u32, control }),
  }),
  codec({
    name: 'RESERVE(6)',
    opcode: 0x16,
    build: scsi.buildReserve6Cdb,
    parse: scsi.parseReserve6Cdb,
    arb: record({
      thirdParty: fc.boolean(),
      thirdPartyDeviceId: fc.integer({ min: 0, max: 7 }),
      element: fc.boolean(),
      reservationId: u8,
      elementListLength: u16,
      control,
    }),
  }),
  codec({
    name: 'RELEASE(6)',
    opcode: 0x17,
    build: scsi.buildRelease6Cdb,
    parse: scsi.parseRelease6Cdb,
    arb: record({ thirdParty: fc.boolean(), thirdPartyDeviceId: fc.integer({ min: 0, max: 7 }), element: fc.boolean(), reservationId: u8, control }),
  }),
  ...([0x56, 0x57] as const).map((opcode) =>
    codec({
      name: opcode === 0x56 ? 'RESERVE(10)' : 'RELEASE(10)',
      opcode,
      build: opcode === 0x56 ? scsi.buildReserve10Cdb : scsi.buildRelease10Cdb,
      parse: opcode === 0x56 ? scsi.parseReserve10Cdb : scsi.parseRelease10Cdb,
      arb: record({
        thirdParty: fc.boolean(),
        longId: fc.boolean(),
        element: fc.boolean(),
        reservationId: u8,
        thirdPartyDeviceId: u8,
        parameterListLength: u16,
        control,
      }),
    }),
  ),
  codec({
    name: 'PERSISTENT RESERVE IN',
    opcode: 0x5e,
    build: scsi.buildPersistentReserveInCdb,
    parse: scsi.parsePersistentReserveInCdb,
    arb: record({ serviceAction: fc.integer({ min: 0, max: 3 }) as fc.Arbitrary<scsi.PersistentReserveInAction>, allocationLength: u16, control }),
  }),
  codec({
    name: 'PERSISTENT RESERVE OUT',
    opcode: 0x5f,
    build: scsi.buildPersistentReserveOutCdb,
    parse: scsi.parsePersistentReserveOutCdb,
    arb: record({
      serviceAction: fc.integer({ min: 0, max: 7 }) as fc.Arbitrary<scsi.PersistentReserveOutAction>,
      scope: fc.integer({ min: 0, max: 15 }),
      type: fc.integer({ min: 0, max: 15 }),
      parameterListLength: u32,
      control,
    }),
  }),
  codec({
    name: 'PREVENT ALLOW MEDIUM REMOVAL',
    opcode: 0x1e,
    build: scsi.buildPreventAllowMediumRemovalCdb,
    parse: scsi.parsePreventAllowMediumRemovalCdb,
    arb: record({ prevent: fc.boolean(), control }),
  }),
  codec({
    name: 'READ ELEMENT STATUS',
    opcode: 0xb8,
    build: scsi.buildReadElementStatusCdb,
    parse: scsi.parseReadElementStatusCdb,
    arb: record({
      volumeTag: fc.boolean(),
      elementType,
      startingElementAddress: u16,
      numberOfElements: u16,
      mixed: fc.boolean(),
      currentData: fc.boolean(),
      deviceId: fc.boolean(),
      allocationLength: u24,
      control,
    }),
  }),
  codec({
    name: 'MOVE MEDIUM',
    opcode: 0xa5,
    build: scsi.buildMoveMediumCdb,
    parse: scsi.parseMoveMediumCdb,
    arb: record({ transportElementAddress: u16, sourceAddress: u16, destinationAddress: u16, invert: fc.boolean(), control }),
  }),
  codec({
    name: 'EXCHANGE MEDIUM',
    opcode: 0xa6,
    build: scsi.buildExchangeMediumCdb,
    parse: scsi.parseExchangeMediumCdb,
    arb: record({
      transportElementAddress: u16,
      sourceAddress: u16,
      firstDestinationAddress: u16,
      secondDestinationAddress: u16,
      invert1: fc.boolean(),
      invert2: fc.boolean(),
      control,
    }),
  }),
  codec({
    name: 'POSITION TO ELEMENT',
    opcode: 0x2b,
    build: scsi.buildPositionToElementCdb,
    parse: scsi.parsePositionToElementCdb,
    arb: record({ transportElementAddress: u16, destinationAddress: u16, invert: fc.boolean(), control }),
  }),
  ...[0x37, 0xe7].map((opcode) =>
    codec({
      name: `INITIALIZE ELEMENT STATUS WITH RANGE ${opcode.toString(16)}h`,
      opcode,
      build: scsi.buildInitializeElementStatusWithRangeCdb,
      parse: scsi.parseInitializeElementStatusWithRangeCdb,
      arb: record({
        vendorOpcode: fc.constant(opcode === 0xe7),
        fast: fc.boolean(),
        range: fc.boolean(),
        startingElementAddress: u16,
        numberOfElements: u16,
        control,
      }),
    }),
  ),
  codec({
    name: 'OPEN/CLOSE IMPORT/EXPORT ELEMENT',
    opcode: 0x1b,
    build: scsi.buildOpenCloseImportExportElementCdb,
    parse: scsi.parseOpenCloseImportExportElementCdb,
    arb: record({ elementAddress: u16, action: fc.constantFrom(0, 1) as fc.Arbitrary<scsi.ImportExportAction>, control }),
  }),
  codec({
    name: 'SEND VOLUME TAG',
    opcode: 0xb6,
    build: scsi.buildSendVolumeTagCdb,
    parse: scsi.parseSendVolumeTagCdb,
    arb: record({
      elementType,
      elementAddress: u16,
      sendActionCode: fc.integer({ min: 0, max: 31 }).filter(scsi.isDefinedSendVolumeTagAction),
      parameterListLength: u16,
      control,
    }),
  }),
  codec({
    name: 'REQUEST VOLUME ELEMENT ADDRESS',
    opcode: 0xb5,
    build: scsi.buildRequestVolumeElementAddressCdb,
    parse: scsi.parseRequestVolumeElementAddressCdb,
    arb: record({ volumeTag: fc.boolean(), elementType, elementAddress: u16, numberOfElements: u16, allocationLength: u24, control }),
  }),
  codec({
    name: 'LOG SENSE',
    opcode: 0x4d,
    build: scsi.buildLogSenseCdb,
    parse: scsi.parseLogSenseCdb,
    arb: record({
      parameterPointerControl: fc.boolean(),
      saveParameters: fc.boolean(),
      pageControl: fc.integer({ min: 0, max: 3 }),
      pageCode: fc.integer({ min: 0, max: 63 }),
      subpageCode: u8,
      parameterPointer: u16,
      allocationLength: u16,
      control,
    }),
  }),
  codec({
    name: 'REPORT SUPPORTED OPERATION CODES',
    opcode: 0xa3,
    build: scsi.buildReportSupportedOperationCodesCdb,
    parse: scsi.parseReportSupportedOperationCodesCdb,
    arb: record({
      returnTimeouts: fc.boolean(),
      reportingOptions: fc.integer({ min: 0, max: 3 }) as fc.Arbitrary<scsi.ReportingOptions>,
      requestedOperationCode: u8,
      requestedServiceAction: u16,
      allocationLength: u32,
      control,
    }),
  }),
];

for (const c of codecs) {
  test(`property: ${c.name} CDB round-trips and has the group length`, () => {
    fc.assert(
      fc.property(c.arb, (value) => {
        const cdb = c.build(value);
        assert.equal(cdb[0], c.opcode);
        assert.equal(cdb.length, scsi.cdbLength(c.opcode));
        assert.deepEqual(c.parse(cdb), value);
      }),
    );
  });

  test(`property: random bytes into the ${c.name} parser parse or throw a CDB ScsiFormatError`, () => {
    const length = scsi.cdbLength(c.opcode) ?? 16;
    expectParsesOrFormatError(c.parse, 16, [[c.opcode], [c.opcode, 0], [c.opcode, 0, 0, 0, 0, 0, 0, 0, 0, 0].slice(0, length - 1)]);
  });
}
