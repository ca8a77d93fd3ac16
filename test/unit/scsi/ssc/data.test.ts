import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as scsi from '../../../../src/scsi/index.ts';
import { SENSE, SenseKey, buildFixedSense, parseFixedSense } from '../../../../src/scsi/index.ts';
import { expectParsesOrFormatError, record, u32 } from '../arbitraries.ts';

const hex = (text: string) => Buffer.from(text.replace(/ /g, ''), 'hex');

test('READ BLOCK LIMITS data: granularity 0, max 16 MiB − 1 (FF FF FF), min 1', () => {
  const limits = { granularity: 0, maximumBlockLength: 0xffffff, minimumBlockLength: 1 };
  assert.deepEqual(scsi.buildReadBlockLimitsData(limits), hex('00 ff ff ff 00 01'));
  assert.deepEqual(scsi.parseReadBlockLimitsData(hex('02 10 00 00 00 04')), { granularity: 2, maximumBlockLength: 0x100000, minimumBlockLength: 4 });
  assert.throws(() => scsi.parseReadBlockLimitsData(hex('20 10 00 00 00 04')), /reserved bit 5/);
  assert.throws(() => scsi.parseReadBlockLimitsData(hex('00 10 00 00 00')), /shorter than 6/);
  assert.throws(() => scsi.buildReadBlockLimitsData({ ...limits, granularity: 32 }), RangeError);
});

test('READ POSITION short data: at BOP, block 0; after three objects, block 3', () => {
  const atBop: scsi.ReadPositionShortData = {
    beginningOfPartition: true,
    endOfPartition: false,
    objectCountUnknown: false,
    byteCountUnknown: false,
    locationUnknown: false,
    positionError: false,
    beyondEarlyWarning: false,
    partitionNumber: 0,
    firstBlockLocation: 0,
    lastBlockLocation: 0,
    blocksInBuffer: 0,
    bytesInBuffer: 0,
  };
  assert.deepEqual(scsi.buildReadPositionShortData(atBop), hex('80 00 00 00 00000000 00000000 00 000000 00000000'));
  const parsed = scsi.parseReadPositionShortData(hex('34 01 00 00 00000003 00000003 00 000002 00000100'));
  assert.deepEqual(parsed, {
    ...atBop,
    beginningOfPartition: false,
    objectCountUnknown: true,
    byteCountUnknown: true,
    locationUnknown: true,
    partitionNumber: 1,
    firstBlockLocation: 3,
    lastBlockLocation: 3,
    blocksInBuffer: 2,
    bytesInBuffer: 256,
  });
  assert.throws(() => scsi.parseReadPositionShortData(Buffer.alloc(19)), /shorter than 20/);
});

test('property: the data codecs round-trip and never crash on random bytes', () => {
  const limits = record<scsi.ReadBlockLimitsData>({
    granularity: fc.integer({ min: 0, max: 31 }),
    maximumBlockLength: fc.integer({ min: 0, max: 0xffffff }),
    minimumBlockLength: fc.integer({ min: 0, max: 0xffff }),
  });
  fc.assert(fc.property(limits, (v) => assert.deepEqual(scsi.parseReadBlockLimitsData(scsi.buildReadBlockLimitsData(v)), v)));
  const position = record<scsi.ReadPositionShortData>({
    beginningOfPartition: fc.boolean(),
    endOfPartition: fc.boolean(),
    objectCountUnknown: fc.boolean(),
    byteCountUnknown: fc.boolean(),
    locationUnknown: fc.boolean(),
    positionError: fc.boolean(),
    beyondEarlyWarning: fc.boolean(),
    partitionNumber: fc.integer({ min: 0, max: 0xff }),
    firstBlockLocation: u32,
    lastBlockLocation: u32,
    blocksInBuffer: fc.integer({ min: 0, max: 0xffffff }),
    bytesInBuffer: u32,
  });
  fc.assert(fc.property(position, (v) => assert.deepEqual(scsi.parseReadPositionShortData(scsi.buildReadPositionShortData(v)), v)));
  expectParsesOrFormatError(scsi.parseReadBlockLimitsData, 8);
  expectParsesOrFormatError(scsi.parseReadPositionShortData, 24);
});

test('ILI residue: requested − actual, negative (overlength) in two\'s complement', () => {
  assert.equal(scsi.residueToInformation(100, 52), 48);
  assert.equal(scsi.residueToInformation(80, 128), 0xffffffd0);
  assert.equal(scsi.informationToResidue(0xffffffd0), -48);
  assert.equal(scsi.informationToResidue(48), 48);
  assert.deepEqual(buildFixedSense({ ...SENSE.NO_SENSE, incorrectLength: true, valid: true, information: scsi.residueToInformation(80, 128) }).subarray(0, 7), hex('f0 00 20 ff ff ff d0'));
});

test('tape sense: BLANK CHECK end-of-data, filemark, ILI with INFORMATION = residue, VOLUME OVERFLOW with EOM', () => {
  assert.deepEqual(buildFixedSense(SENSE.END_OF_DATA_DETECTED), hex('70 00 08 00000000 0a 00000000 00 05 00 000000'));
  assert.deepEqual(buildFixedSense({ ...SENSE.FILEMARK_DETECTED, filemark: true }), hex('70 00 80 00000000 0a 00000000 00 01 00 000000'));
  const ili = buildFixedSense({ ...SENSE.NO_SENSE, incorrectLength: true, valid: true, information: 48 });
  assert.deepEqual(ili, hex('f0 00 20 00000030 0a 00000000 00 00 00 000000'));
  const parsed = parseFixedSense(ili);
  assert.equal(parsed.incorrectLength, true);
  assert.equal(parsed.information, 48);
  assert.deepEqual(buildFixedSense({ ...SENSE.END_OF_PARTITION_DETECTED, endOfMedium: true }), hex('70 00 4d 00000000 0a 00000000 00 02 00 000000'));
  assert.deepEqual({ ...SENSE.WRITE_PROTECTED }, { senseKey: SenseKey.DATA_PROTECT, asc: 0x27, ascq: 0x00, text: 'Write protected' });
  assert.deepEqual({ ...SENSE.END_OF_DATA_DETECTED }, { senseKey: SenseKey.BLANK_CHECK, asc: 0x00, ascq: 0x05, text: 'End-of-data detected' });
  assert.equal(SENSE.BEGINNING_OF_PARTITION_DETECTED.text, 'Beginning-of-partition/medium detected');
  assert.equal(SENSE.CLEANING_CARTRIDGE_INSTALLED.senseKey, SenseKey.NOT_READY);
});
