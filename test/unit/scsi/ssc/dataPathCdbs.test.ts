/**
 * The data-path CDBs and READ POSITION forms the tape store's commands use, from literal bytes as
 * the clients send them (ssc.md §1, §2.6–2.9, §7.1): st's LOCATE(10) for `mt seek`, PBS's
 * LOCATE(16) to a file and SPACE(16), LTFS's SET CAPACITY and FORMAT MEDIUM, READ/WRITE(16).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ScsiFormatError, SpaceCode } from '../../../../src/scsi/index.ts';
import { buildErase6Cdb, parseErase6Cdb } from '../../../../src/scsi/ssc/erase6.ts';
import { MediumFormat, buildFormatMediumCdb, parseFormatMediumCdb } from '../../../../src/scsi/ssc/formatMedium.ts';
import { LocateDestination, buildLocate10Cdb, buildLocate16Cdb, parseLocate10Cdb, parseLocate16Cdb } from '../../../../src/scsi/ssc/locate.ts';
import { buildRead16Cdb, parseRead16Cdb } from '../../../../src/scsi/ssc/read16.ts';
import { buildReadPositionExtendedData, parseReadPositionExtendedData } from '../../../../src/scsi/ssc/readPositionExtendedData.ts';
import { buildReadPositionLongData, parseReadPositionLongData } from '../../../../src/scsi/ssc/readPositionLongData.ts';
import { buildSetCapacityCdb, parseSetCapacityCdb } from '../../../../src/scsi/ssc/setCapacity.ts';
import { buildSpace16Cdb, parseSpace16Cdb } from '../../../../src/scsi/ssc/space16.ts';
import { buildWrite16Cdb, parseWrite16Cdb } from '../../../../src/scsi/ssc/write16.ts';

const hex = (text: string): Buffer => Buffer.from(text.replace(/[ |]/g, ''), 'hex');

function rejects(parse: (cdb: Buffer) => unknown, cdb: string, byte: number): void {
  assert.throws(
    () => parse(hex(cdb)),
    (e: unknown) => e instanceof ScsiFormatError && e.location === 'cdb' && e.field?.byte === byte,
  );
}

test('LOCATE(10) as st sends it for `mt seek 1234` (BT = 1), and with CP to partition 1', () => {
  assert.deepEqual(parseLocate10Cdb(hex('2b 04 00 00 00 04 d2 00 00 00')), {
    destination: LocateDestination.LOGICAL_OBJECT,
    changePartition: false,
    immediate: false,
    partition: 0,
    identifier: 1234n,
    control: 0,
  });
  assert.deepEqual(buildLocate10Cdb({ identifier: 1234n }), hex('2b 04 00 00 00 04 d2 00 00 00'));
  assert.deepEqual(buildLocate10Cdb({ identifier: 0n, changePartition: true, partition: 1 }), hex('2b 06 00 00 00 00 00 00 01 00'));
  rejects(parseLocate10Cdb, '2b 04 01 00 00 00 00 00 00 00', 2);
});

test('LOCATE(16) as PBS sends it (DEST_TYPE 1, file 41) and as LTFS goes to end of data (FFFF…FFh, CP)', () => {
  const pbs = parseLocate16Cdb(hex('92 08 00 00 | 00 00 00 00 00 00 00 29 | 00 00 00 00'));
  assert.equal(pbs.destination, LocateDestination.LOGICAL_FILE);
  assert.equal(pbs.identifier, 41n);
  assert.deepEqual(buildLocate16Cdb({ destination: LocateDestination.LOGICAL_FILE, identifier: 41n }), hex('92 08 00 00 00 00 00 00 00 00 00 29 00 00 00 00'));
  const ltfs = parseLocate16Cdb(hex('92 02 00 01 ff ff ff ff ff ff ff ff 00 00 00 00'));
  assert.deepEqual([ltfs.changePartition, ltfs.partition, ltfs.identifier], [true, 1, 0xffffffffffffffffn]);
  rejects(parseLocate16Cdb, '92 10 00 00 00 00 00 00 00 00 00 00 00 00 00 00', 1);
});

test('SPACE(16) with 64-bit counts either way; a parameter list is refused', () => {
  assert.deepEqual(parseSpace16Cdb(hex('91 01 00 00 | ff ff ff ff ff ff ff fe | 00 00 00 00')), { code: SpaceCode.FILEMARKS, count: -2, control: 0 });
  assert.deepEqual(buildSpace16Cdb({ code: SpaceCode.BLOCKS, count: 5_000_000_000 }), hex('91 00 00 00 00 00 00 01 2a 05 f2 00 00 00 00 00'));
  rejects(parseSpace16Cdb, '91 00 00 00 00 00 00 00 00 00 00 01 00 08 00 00', 12);
  fc.assert(fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (count) => parseSpace16Cdb(buildSpace16Cdb({ code: SpaceCode.BLOCKS, count })).count === count));
});

test('ERASE(6) long, FORMAT MEDIUM format 1 (mkltfs), SET CAPACITY FFFFh (mkltfs)', () => {
  assert.deepEqual(parseErase6Cdb(hex('19 03 00 00 00 00')), { immediate: true, long: true, control: 0 });
  assert.deepEqual(buildErase6Cdb({ long: true }), hex('19 01 00 00 00 00'));
  assert.deepEqual(parseFormatMediumCdb(hex('04 00 01 00 00 00')), { verify: false, immediate: false, format: MediumFormat.PARTITION, transferLength: 0, control: 0 });
  assert.deepEqual(buildFormatMediumCdb({ format: MediumFormat.PARTITION, immediate: true }), hex('04 01 01 00 00 00'));
  rejects(parseFormatMediumCdb, '04 00 03 00 00 00', 2);
  assert.deepEqual(buildSetCapacityCdb(), hex('0b 00 00 ff ff 00'));
  assert.deepEqual(parseSetCapacityCdb(hex('0b 01 00 80 00 00')), { immediate: true, proportion: 0x8000, control: 0 });
});

test('READ(16)/WRITE(16): partition, logical object identifier and 24-bit length; FCS/LCS refused', () => {
  const read = parseRead16Cdb(hex('88 02 00 01 | 00 00 00 00 00 00 00 07 | 04 00 00 00'));
  assert.deepEqual(read, { suppressIncorrectLength: true, fixed: false, partition: 1, logicalObjectIdentifier: 7n, transferLength: 0x040000, control: 0 });
  assert.deepEqual(buildRead16Cdb({ suppressIncorrectLength: true, partition: 1, logicalObjectIdentifier: 7n, transferLength: 0x040000 }), hex('88 02 00 01 00 00 00 00 00 00 00 07 04 00 00 00'));
  assert.deepEqual(buildWrite16Cdb({ fixed: true, logicalObjectIdentifier: 3n, transferLength: 2 }), hex('8a 01 00 00 00 00 00 00 00 00 00 03 00 00 02 00'));
  assert.equal(parseWrite16Cdb(hex('8a 01 00 00 00 00 00 00 00 00 00 03 00 00 02 00')).transferLength, 2);
  rejects(parseRead16Cdb, '88 08 00 00 00 00 00 00 00 00 00 00 00 00 01 00', 1);
  rejects(parseWrite16Cdb, '8a 04 00 00 00 00 00 00 00 00 00 00 00 00 01 00', 1);
});

test('READ POSITION long form after 4 blocks and 3 filemarks (ssc.md §7.1), and the extended form', () => {
  const long = hex('00 00 00 00 | 00 00 00 00 | 00 00 00 00 00 00 00 07 | 00 00 00 00 00 00 00 03 | 00 00 00 00 00 00 00 00');
  const data = { beginningOfPartition: false, endOfPartition: false, markPositionUnknown: false, objectNumberUnknown: false, beyondEarlyWarning: false, partitionNumber: 0, logicalObjectNumber: 7n, logicalFileIdentifier: 3n };
  assert.deepEqual(buildReadPositionLongData(data), long);
  assert.deepEqual(parseReadPositionLongData(long), data);
  const extended = { beginningOfPartition: true, endOfPartition: false, beyondEarlyWarning: false, partitionNumber: 1, objectsInBuffer: 0, firstObjectLocation: 0n, lastObjectLocation: 0n, bytesInBuffer: 0n };
  const bytes = buildReadPositionExtendedData(extended);
  assert.equal(bytes.subarray(0, 4).toString('hex'), '8001001c');
  assert.deepEqual(parseReadPositionExtendedData(bytes), extended);
});
