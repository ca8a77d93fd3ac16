/** The tape log pages (0Ch, 17h, 31h) from literal bytes: counters, ASCII and per-partition records. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as scsi from '../../../../src/scsi/index.ts';

const hex = (text: string): Buffer => Buffer.from(text.replace(/[ |]/g, ''), 'hex');

test('counter, ASCII and partition-record parameters, and a page of them read back', () => {
  assert.deepEqual(scsi.counterParameter(0x0001, 3_000_000, 8), { code: 1, control: 0, value: hex('00000000002dc6c0') });
  assert.deepEqual(scsi.counterParameter(0x0080, 1, 1), { code: 0x80, control: 0, value: hex('01') });
  assert.deepEqual(scsi.asciiParameter(0x0042, 'ABC123L8', 10), { code: 0x42, control: 1, value: Buffer.from('ABC123L8  ') });
  const records = scsi.partitionRecordsParameter(0x0203, [
    { partition: 0, value: 3 },
    { partition: 1, value: 0xffffffff },
  ]);
  assert.deepEqual(records.value, hex('07 00 0000 00000003 | 07 00 0001 ffffffff'));
  assert.deepEqual(scsi.parsePartitionRecords(records.value), [
    { partition: 0, value: 3 },
    { partition: 1, value: 0xffffffff },
  ]);
  assert.throws(() => scsi.parsePartitionRecords(hex('07 00 0000 0000')), /not 8 per partition/);

  const page = scsi.buildTapeLogPage(scsi.TapeLogPageCode.TAPE_CAPACITY, [scsi.counterParameter(1, 11_999_000, 4), scsi.counterParameter(3, 12_000_000, 4)]);
  assert.deepEqual(page, hex('31 00 0010 | 0001 00 04 00b71718 | 0003 00 04 00b71b00'));
  const parsed = scsi.parseTapeLogPage(page, 0x31);
  assert.equal(scsi.counterValue(parsed.get(3)), 12_000_000n);
  assert.equal(scsi.counterValue(parsed.get(2)), undefined);
  assert.throws(() => scsi.parseTapeLogPage(page, 0x17), /page code 31h is not 17h/);
});
