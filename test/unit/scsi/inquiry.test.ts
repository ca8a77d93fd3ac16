import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  buildStandardInquiryData,
  parseStandardInquiryData,
  standardInquiryData,
  inquiryDataLength,
  buildSupportedVpdPages,
  parseSupportedVpdPages,
  buildUnitSerialNumberPage,
  parseUnitSerialNumberPage,
  buildDeviceIdentificationPage,
  parseDeviceIdentificationPage,
  vpdPageLength,
  asciiDesignator,
  designatorText,
  DesignatorType,
  CodeSet,
  PeripheralDeviceType,
  VersionDescriptor,
  ScsiFormatError,
  type StandardInquiryData,
  type Designator,
} from '../../../src/scsi/index.ts';
import { bytes, expectParsesOrFormatError, paddedText, record, u8 } from './arbitraries.ts';

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const ascii = (text: string) => Buffer.from(text, 'latin1');

// tgt's changer LU as sg_inq/iscsi-inq decode it (interop samples host-libiscsi.txt, tgt-mtx-extra.txt):
// PDT 8, RMB 1, version 5, HiSup 1, RDF 2, CmdQue 1, "IET" / "VIRTUAL-CHANGER" / "0001",
// version descriptors 0480h 0960h 0300h, total length 66 (additional length 61).
const TGT_INQUIRY = Buffer.concat([
  hex('08 80 05 12 3d 00 00 02'),
  ascii('IET     VIRTUAL-CHANGER 0001'),
  Buffer.alloc(22),
  hex('04 80 09 60 03 00 00 00'),
]);

const TGT_FIELDS: StandardInquiryData = standardInquiryData({
  removable: true,
  version: 5,
  hiSup: true,
  cmdQue: true,
  vendorIdentification: 'IET',
  productIdentification: 'VIRTUAL-CHANGER',
  productRevisionLevel: '0001',
  versionDescriptors: [VersionDescriptor.SMC3, VersionDescriptor.ISCSI, VersionDescriptor.SPC3],
});

test('standard INQUIRY: tgt changer data parses to PDT 08h, RMB, version 5, strings and version descriptors', () => {
  assert.equal(TGT_INQUIRY.length, 66);
  assert.equal(inquiryDataLength(TGT_INQUIRY), 66);
  assert.deepEqual(parseStandardInquiryData(TGT_INQUIRY), TGT_FIELDS);
  // Rebuilt without tgt's trailing zero descriptor: 64 bytes, additional length 3Bh.
  const rebuilt = buildStandardInquiryData(TGT_FIELDS);
  assert.deepEqual(rebuilt, Buffer.concat([TGT_INQUIRY.subarray(0, 4), hex('3b'), TGT_INQUIRY.subarray(5, 64)]));
});

test('standard INQUIRY: 36-byte minimum form and the MChngr bit', () => {
  const built = buildStandardInquiryData(standardInquiryData({ peripheralDeviceType: PeripheralDeviceType.SEQUENTIAL_ACCESS, mChngr: true, vendorIdentification: 'HP', productIdentification: 'Ultrium 5-SCSI', productRevisionLevel: 'Z51U' }));
  assert.deepEqual(built, Buffer.concat([hex('01 00 05 02 1f 00 08 00'), ascii('HP      Ultrium 5-SCSI  Z51U')]));
});

test('standard INQUIRY: allocation 36 against a 66-byte answer keeps what arrived', () => {
  const parsed = parseStandardInquiryData(TGT_INQUIRY.subarray(0, 36));
  assert.equal(parsed.productIdentification, 'VIRTUAL-CHANGER');
  assert.deepEqual(parsed.versionDescriptors, []);
  assert.throws(() => parseStandardInquiryData(hex('08 80 05 12')), ScsiFormatError);
});

test('standard INQUIRY: mhVTL-style serial in vendor bytes 36–55 and vendor data past byte 96', () => {
  const d = standardInquiryData({ vendorIdentification: 'STK', productIdentification: 'L80', productRevisionLevel: '0105', vendorSpecific: Buffer.concat([Buffer.alloc(2), ascii('XYZZY_A')]), trailingVendorData: hex('aa bb') });
  const built = buildStandardInquiryData(d);
  assert.equal(built.length, 98);
  assert.equal(built[4], 93);
  assert.deepEqual(built.subarray(38, 45), ascii('XYZZY_A'));
  assert.deepEqual(parseStandardInquiryData(built), d);
});

test('VPD 00h: tgt lists 00 80 83 b0 b1 b2', () => {
  const page = hex('08 00 00 06 00 80 83 b0 b1 b2');
  assert.deepEqual(parseSupportedVpdPages(page), { peripheralQualifier: 0, peripheralDeviceType: 8, pageCodes: [0x00, 0x80, 0x83, 0xb0, 0xb1, 0xb2] });
  assert.deepEqual(buildSupportedVpdPages(parseSupportedVpdPages(page)), page);
});

test('VPD 80h: tgt serial, right-aligned and kept verbatim', () => {
  const serial = `${' '.repeat(26)}HCHG000001`;
  const page = Buffer.concat([hex('08 80 00 24'), ascii(serial)]);
  assert.deepEqual(buildUnitSerialNumberPage({ peripheralQualifier: 0, peripheralDeviceType: 8, serialNumber: serial }), page);
  assert.equal(parseUnitSerialNumberPage(page).serialNumber.trim(), 'HCHG000001');
  assert.equal(vpdPageLength(page), 40);
  assert.throws(() => parseUnitSerialNumberPage(hex('08 83 00 00')), ScsiFormatError);
});

test('VPD 83h: NAA binary designator and tgt T10 vendor ID "IET     00010003"', () => {
  const naa: Designator = { protocolIdentifier: 0, codeSet: CodeSet.BINARY, protocolIdentifierValid: false, association: 0, designatorType: DesignatorType.NAA, identifier: hex('60 00 00 00 00 00 00 01') };
  const t10 = asciiDesignator(DesignatorType.T10_VENDOR_ID, 'IET     00010003');
  const page = Buffer.concat([hex('08 83 00 20'), hex('01 03 00 08 60 00 00 00 00 00 00 01'), hex('02 01 00 10'), ascii('IET     00010003')]);
  assert.deepEqual(buildDeviceIdentificationPage({ peripheralQualifier: 0, peripheralDeviceType: 8, designators: [naa, t10] }), page);
  const parsed = parseDeviceIdentificationPage(page);
  assert.deepEqual(parsed.designators, [naa, t10]);
  assert.equal(designatorText(parsed.designators[1]!), 'IET     00010003');
  assert.deepEqual(parseDeviceIdentificationPage(page.subarray(0, 20)).designators, [naa], 'a cut designator is left out');
  assert.throws(() => parseDeviceIdentificationPage(hex('08 83 00 06 02 01 00 09 41 42')), ScsiFormatError);
});

const inquiryArb: fc.Arbitrary<StandardInquiryData> = record({
  peripheralQualifier: fc.integer({ min: 0, max: 7 }),
  peripheralDeviceType: fc.integer({ min: 0, max: 31 }),
  removable: fc.boolean(),
  version: u8,
  normAca: fc.boolean(),
  hiSup: fc.boolean(),
  responseDataFormat: fc.integer({ min: 0, max: 15 }),
  sccs: fc.boolean(),
  acc: fc.boolean(),
  tpgs: fc.integer({ min: 0, max: 3 }),
  thirdPartyCopy: fc.boolean(),
  protect: fc.boolean(),
  encServ: fc.boolean(),
  multiP: fc.boolean(),
  mChngr: fc.boolean(),
  addr16: fc.boolean(),
  wbus16: fc.boolean(),
  sync: fc.boolean(),
  cmdQue: fc.boolean(),
  vendorIdentification: paddedText(8),
  productIdentification: paddedText(16),
  productRevisionLevel: paddedText(4),
  vendorSpecific: bytes(20).map((b) => b.subarray(0, b.findLastIndex((x) => x !== 0) + 1)),
  clocking: fc.integer({ min: 0, max: 3 }),
  qas: fc.boolean(),
  ius: fc.boolean(),
  versionDescriptors: fc.array(fc.integer({ min: 1, max: 0xffff }), { maxLength: 8 }),
  trailingVendorData: bytes(40),
});

test('property: standard INQUIRY data round-trips', () => {
  fc.assert(fc.property(inquiryArb, (d) => assert.deepEqual(parseStandardInquiryData(buildStandardInquiryData(d)), d)));
});

const designatorArb: fc.Arbitrary<Designator> = record({
  protocolIdentifier: fc.integer({ min: 0, max: 15 }),
  codeSet: fc.integer({ min: 0, max: 15 }),
  protocolIdentifierValid: fc.boolean(),
  association: fc.integer({ min: 0, max: 3 }),
  designatorType: fc.integer({ min: 0, max: 15 }),
  identifier: bytes(40),
});
const device = { peripheralQualifier: fc.integer({ min: 0, max: 7 }), peripheralDeviceType: fc.integer({ min: 0, max: 31 }) };

test('property: VPD pages round-trip', () => {
  fc.assert(
    fc.property(record({ ...device, pageCodes: fc.array(u8, { maxLength: 20 }) }), (p) => assert.deepEqual(parseSupportedVpdPages(buildSupportedVpdPages(p)), p)),
  );
  fc.assert(
    fc.property(record({ ...device, serialNumber: fc.string({ maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, 'x')) }), (p) =>
      assert.deepEqual(parseUnitSerialNumberPage(buildUnitSerialNumberPage(p)), p),
    ),
  );
  fc.assert(
    fc.property(record({ ...device, designators: fc.array(designatorArb, { maxLength: 5 }) }), (p) =>
      assert.deepEqual(parseDeviceIdentificationPage(buildDeviceIdentificationPage(p)), p),
    ),
  );
});

test('property: random bytes into the INQUIRY and VPD parsers parse or throw ScsiFormatError', () => {
  expectParsesOrFormatError(parseStandardInquiryData, 120, [[0x08, 0x80, 0x05, 0x12, 0x5b]]);
  expectParsesOrFormatError(parseSupportedVpdPages, 30, [[0x08, 0x00, 0x00]]);
  expectParsesOrFormatError(parseUnitSerialNumberPage, 30, [[0x08, 0x80, 0x00]]);
  expectParsesOrFormatError(parseDeviceIdentificationPage, 80, [[0x08, 0x83, 0x00], [0x08, 0x83, 0x00, 0x10, 0x02, 0x01, 0x00]]);
});
