import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  buildFixedSense,
  parseFixedSense,
  buildDescriptorSense,
  parseDescriptorSense,
  parseSenseData,
  buildSenseData,
  toDescriptorFormat,
  toFixedFormat,
  senseForFormatError,
  senseText,
  findSenseText,
  senseKeyName,
  SENSE,
  SenseKey,
  ScsiFormatError,
  ScsiStatus,
  scsiStatusName,
  type FixedSenseData,
  type DescriptorSenseData,
} from '../../../src/scsi/index.ts';
import { arbFixedSense, arbDescriptorSense, expectParsesOrFormatError } from './arbitraries.ts';

test('fixed sense: ILLEGAL REQUEST 24/00 with SKSV, C/D, BPV and field pointer (mhVTL reserved byte 11)', () => {
  const bytes = buildFixedSense({
    senseKey: SenseKey.ILLEGAL_REQUEST,
    asc: 0x24,
    ascq: 0x00,
    senseKeySpecific: { kind: 'field-pointer', commandData: true, bitPointer: 7, fieldPointer: 11 },
  });
  assert.deepEqual(bytes, Buffer.from([0x70, 0x00, 0x05, 0, 0, 0, 0, 0x0a, 0, 0, 0, 0, 0x24, 0x00, 0x00, 0xcf, 0x00, 0x0b]));
});

test('fixed sense: parse of a NOT READY 04/01 with progress indication', () => {
  const sense = parseFixedSense(Buffer.from([0xf0, 0x00, 0x02, 0x00, 0x00, 0x01, 0x00, 0x0a, 0, 0, 0, 0, 0x04, 0x01, 0x00, 0x80, 0x40, 0x00]));
  assert.equal(sense.valid, true);
  assert.equal(sense.information, 256);
  assert.equal(sense.senseKey, SenseKey.NOT_READY);
  assert.equal(sense.asc, 0x04);
  assert.equal(sense.ascq, 0x01);
  assert.deepEqual(sense.senseKeySpecific, { kind: 'progress', progress: 0x4000 });
});

test('fixed sense: flags, deferred code, vendor bytes beyond 18', () => {
  const bytes = Buffer.from([0x71, 0, 0xe3, 0, 0, 0, 0, 0x0c, 0, 0, 0, 0x05, 0x3b, 0x0e, 0x07, 0x00, 0x00, 0x00, 0xab, 0xcd]);
  const sense = parseFixedSense(bytes);
  assert.deepEqual(sense, {
    format: 'fixed',
    deferred: true,
    valid: false,
    information: 0,
    filemark: true,
    endOfMedium: true,
    incorrectLength: true,
    senseKey: SenseKey.MEDIUM_ERROR,
    commandSpecificInformation: 5,
    asc: 0x3b,
    ascq: 0x0e,
    fieldReplaceableUnitCode: 7,
    additionalSenseBytes: Buffer.from([0xab, 0xcd]),
  } satisfies FixedSenseData);
  assert.deepEqual(buildFixedSense(sense), bytes);
});

test('fixed sense: truncated to 14 bytes still yields key and ASC/ASCQ', () => {
  const sense = parseFixedSense(Buffer.from([0x70, 0, 0x06, 0, 0, 0, 0, 0x0a, 0, 0, 0, 0, 0x29, 0x00]));
  assert.equal(sense.senseKey, SenseKey.UNIT_ATTENTION);
  assert.equal(sense.asc, 0x29);
  assert.equal(sense.senseKeySpecific, undefined);
});

test('fixed sense: additional length shorter than the buffer limits what is read', () => {
  // Additional length 6: bytes 14+ are not sense data even though the buffer holds them.
  const sense = parseFixedSense(Buffer.from([0x70, 0, 0x05, 0, 0, 0, 0, 0x06, 0, 0, 0, 0, 0x24, 0x00, 0x11, 0xc0, 0, 1]));
  assert.equal(sense.fieldReplaceableUnitCode, 0);
  assert.equal(sense.senseKeySpecific, undefined);
});

test('descriptor sense: 72h with information and sense-key-specific descriptors', () => {
  const bytes = Buffer.from([
    0x72, 0x05, 0x24, 0x00, 0, 0, 0, 0x14,
    0x00, 0x0a, 0x80, 0x00, 0, 0, 0, 0, 0, 0, 0x01, 0xf4,
    0x02, 0x06, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x00,
  ]);
  const sense = parseDescriptorSense(bytes);
  assert.deepEqual(sense, {
    format: 'descriptor',
    deferred: false,
    senseKey: SenseKey.ILLEGAL_REQUEST,
    asc: 0x24,
    ascq: 0x00,
    descriptors: [
      { type: 'information', valid: true, information: 500n },
      { type: 'sense-key-specific', senseKeySpecific: { kind: 'field-pointer', commandData: true, fieldPointer: 2 } },
    ],
  } satisfies DescriptorSenseData);
  assert.deepEqual(buildDescriptorSense(sense), bytes);
});

test('descriptor sense: unknown descriptors stay raw, truncated ones are dropped', () => {
  const bytes = Buffer.from([0x73, 0x06, 0x28, 0x01, 0, 0, 0, 0x0c, 0x80, 0x02, 0xaa, 0xbb, 0x03, 0x02, 0x00, 0x09, 0x04, 0x02]);
  const sense = parseDescriptorSense(bytes);
  assert.equal(sense.deferred, true);
  assert.deepEqual(sense.descriptors, [
    { type: 'other', descriptorType: 0x80, bytes: Buffer.from([0xaa, 0xbb]) },
    { type: 'field-replaceable-unit', code: 9 },
  ]);
});

test('descriptor sense: a known descriptor too short for its fields is an error', () => {
  assert.throws(() => parseDescriptorSense(Buffer.from([0x72, 5, 0x24, 0, 0, 0, 0, 4, 0x00, 0x02, 0, 0])), ScsiFormatError);
});

test('parseSenseData dispatches on the response code and refuses others', () => {
  assert.equal(parseSenseData(buildFixedSense(SENSE.POWER_ON_RESET)).format, 'fixed');
  assert.equal(parseSenseData(buildDescriptorSense(SENSE.POWER_ON_RESET)).format, 'descriptor');
  assert.throws(() => parseSenseData(Buffer.from([0x7f, 0, 0, 0])), ScsiFormatError);
  assert.throws(() => parseSenseData(Buffer.alloc(0)), ScsiFormatError);
});

test('format conversion keeps key, ASC/ASCQ, information and field pointer', () => {
  const fixed = parseFixedSense(
    buildFixedSense({
      ...SENSE.INVALID_FIELD_IN_CDB,
      valid: true,
      information: 7,
      senseKeySpecific: { kind: 'field-pointer', commandData: true, bitPointer: 0, fieldPointer: 10 },
    }),
  );
  const descriptor = toDescriptorFormat(fixed);
  assert.deepEqual(descriptor.descriptors, [
    { type: 'information', valid: true, information: 7n },
    { type: 'sense-key-specific', senseKeySpecific: { kind: 'field-pointer', commandData: true, bitPointer: 0, fieldPointer: 10 } },
  ]);
  assert.deepEqual(toFixedFormat(parseDescriptorSense(buildDescriptorSense(descriptor))), fixed);
});

test('a CDB format error becomes ILLEGAL REQUEST 24/00 with C/D=1 and the field pointer', () => {
  const error = new ScsiFormatError('MOVE MEDIUM CDB', 'reserved bit 0 is set', 'cdb', { byte: 10, bit: 0 });
  assert.deepEqual(
    buildFixedSense(senseForFormatError(error)),
    Buffer.from([0x70, 0, 0x05, 0, 0, 0, 0, 0x0a, 0, 0, 0, 0, 0x24, 0x00, 0x00, 0xc8, 0x00, 0x0a]),
  );
  const paramError = new ScsiFormatError('SEND VOLUME TAG parameter list', 'x', 'parameter-list', { byte: 33 });
  assert.deepEqual(
    buildFixedSense(senseForFormatError(paramError)),
    Buffer.from([0x70, 0, 0x05, 0, 0, 0, 0, 0x0a, 0, 0, 0, 0, 0x26, 0x00, 0x00, 0x80, 0x00, 0x21]),
  );
});

test('a sense-key-specific variant that does not match the key is refused', () => {
  assert.throws(
    () => buildFixedSense({ ...SENSE.BECOMING_READY, senseKeySpecific: { kind: 'field-pointer', commandData: true, fieldPointer: 1 } }),
    RangeError,
  );
});

test('named sense conditions carry key, ASC/ASCQ and standard text', () => {
  assert.deepEqual({ ...SENSE.MEDIUM_SOURCE_ELEMENT_EMPTY }, { senseKey: 5, asc: 0x3b, ascq: 0x0e, text: 'Medium source element empty' });
  assert.deepEqual({ ...SENSE.MEDIUM_DESTINATION_ELEMENT_FULL }, { senseKey: 5, asc: 0x3b, ascq: 0x0d, text: 'Medium destination element full' });
  assert.deepEqual({ ...SENSE.INVALID_ELEMENT_ADDRESS }, { senseKey: 5, asc: 0x21, ascq: 0x01, text: 'Invalid element address' });
  assert.deepEqual({ ...SENSE.MEDIUM_REMOVAL_PREVENTED }, { senseKey: 5, asc: 0x53, ascq: 0x02, text: 'Medium removal prevented' });
  assert.deepEqual({ ...SENSE.MEDIUM_NOT_PRESENT_TRAY_OPEN }, { senseKey: 2, asc: 0x3a, ascq: 0x02, text: 'Medium not present - tray open' });
  assert.deepEqual({ ...SENSE.BECOMING_READY }, { senseKey: 2, asc: 0x04, ascq: 0x01, text: 'Logical unit is in process of becoming ready' });
  assert.deepEqual({ ...SENSE.NOT_READY_TO_READY_CHANGE }, { senseKey: 6, asc: 0x28, ascq: 0x00, text: 'Not ready to ready change, medium may have changed' });
  assert.deepEqual({ ...SENSE.POWER_ON_RESET }, { senseKey: 6, asc: 0x29, ascq: 0x00, text: 'Power on, reset, or bus device reset occurred' });
  assert.deepEqual({ ...SENSE.INVALID_FIELD_IN_CDB }, { senseKey: 5, asc: 0x24, ascq: 0x00, text: 'Invalid field in CDB' });
  assert.deepEqual({ ...SENSE.INVALID_COMMAND_OPERATION_CODE }, { senseKey: 5, asc: 0x20, ascq: 0x00, text: 'Invalid command operation code' });
  assert.deepEqual({ ...SENSE.MECHANICAL_POSITIONING_ERROR }, { senseKey: 4, asc: 0x15, ascq: 0x01, text: 'Mechanical positioning error' });
  assert.deepEqual({ ...SENSE.CLEANING_CARTRIDGE_INSTALLED }, { senseKey: 2, asc: 0x30, ascq: 0x03, text: 'Cleaning cartridge installed' });
  assert.deepEqual({ ...SENSE.MANUAL_INTERVENTION_REQUIRED }, { senseKey: 2, asc: 0x04, ascq: 0x03, text: 'Logical unit not ready, manual intervention required' });
  assert.deepEqual({ ...SENSE.MAGAZINE_REMOVED }, { senseKey: 2, asc: 0x3b, ascq: 0x12, text: 'Medium magazine removed' });
  assert.deepEqual({ ...SENSE.IMPORT_EXPORT_ELEMENT_ACCESSED }, { senseKey: 6, asc: 0x28, ascq: 0x01, text: 'Import or export element accessed' });
});

test('senseText: standard, family, vendor and unknown codes', () => {
  assert.equal(senseText(0x3b, 0x0e), 'Medium source element empty');
  assert.equal(senseText(0x40, 0x81), 'Diagnostic failure on component 81h');
  assert.equal(senseText(0x04, 0x83), 'Vendor specific ASC/ASCQ 04h/83h');
  assert.equal(senseText(0x83, 0x02), 'Vendor specific ASC/ASCQ 83h/02h');
  assert.equal(senseText(0x7e, 0x01), 'Unknown ASC/ASCQ 7Eh/01h');
  assert.equal(findSenseText(0x7e, 0x01), undefined);
  assert.equal(senseKeyName(SenseKey.ILLEGAL_REQUEST), 'Illegal Request');
  assert.equal(senseKeyName(SenseKey.UNIT_ATTENTION), 'Unit Attention');
});

test('every named condition has a standard (not fallback) text', () => {
  for (const [name, c] of Object.entries(SENSE)) {
    assert.equal(findSenseText(c.asc, c.ascq), c.text, name);
  }
});

test('SCSI status codes', () => {
  assert.deepEqual(
    [ScsiStatus.GOOD, ScsiStatus.CHECK_CONDITION, ScsiStatus.BUSY, ScsiStatus.RESERVATION_CONFLICT, ScsiStatus.TASK_SET_FULL],
    [0x00, 0x02, 0x08, 0x18, 0x28],
  );
  assert.equal(scsiStatusName(0x18), 'RESERVATION CONFLICT');
  assert.equal(scsiStatusName(0x77), 'STATUS 0x77');
});

test('property: fixed sense round-trips', () => {
  fc.assert(fc.property(arbFixedSense, (sense) => assert.deepEqual(parseFixedSense(buildFixedSense(sense)), sense)));
});

test('property: descriptor sense round-trips', () => {
  fc.assert(fc.property(arbDescriptorSense, (sense) => assert.deepEqual(parseSenseData(buildSenseData(sense)), sense)));
});

test('property: random bytes into the sense parsers parse or throw ScsiFormatError', () => {
  expectParsesOrFormatError(parseSenseData, 64);
  expectParsesOrFormatError(parseFixedSense, 32);
  expectParsesOrFormatError(parseDescriptorSense, 64);
});
