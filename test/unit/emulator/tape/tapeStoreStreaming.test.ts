/**
 * A tape file read in tape order is read ahead (many records per read): what comes back is
 * still exactly what the file holds after the tape is written over in the middle, appended to,
 * or read out of order, and a record kept by the host stays as it was — with the chunk after the
 * current one read by the tape I/O thread (tapeIoThread.ts) and without it.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DiskQuota } from '../../../../src/emulator/tape/diskQuota.ts';
import { FileRecordStorage } from '../../../../src/emulator/tape/fileRecordStorage.ts';
import { TapeIndex } from '../../../../src/emulator/tape/tapeIndex.ts';
import { TapePartition } from '../../../../src/emulator/tape/tapePartition.ts';
import { tempDir } from '../helpers.ts';

function openPartition(path: string, writeBehind: boolean): TapePartition {
  const index = new TapeIndex();
  const { storage } = FileRecordStorage.open(path, 0, index, 0, { writeBehind });
  return new TapePartition({ number: 0, index, storage, quota: new DiskQuota(undefined), capacityBytes: 1e12 });
}

for (const writeBehind of [false, true]) describe(`tape store streaming, ${writeBehind ? 'with' : 'without'} the I/O thread`, () => {
  it('records up to half a read-ahead chunk, straddling chunks, read in order into the host’s buffer', async () => {
    const { dir, remove } = await tempDir();
    try {
      const partition = openPartition(join(dir, 'large.p0.tape'), writeBehind);
      // 1 byte to 1 MiB: every chunk boundary falls inside some record.
      const records = Array.from({ length: 40 }, (_, i) => randomBytes(i % 5 === 0 ? 1024 * 1024 : 1 + ((i * 2_654_435_761) % 900_000)));
      for (const r of records) partition.appendRecord(r);
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < records.length; i++) {
          const target = Buffer.alloc((records[i] as Buffer).length);
          partition.readInto(i, target, 0);
          assert.deepEqual(target, records[i], `record ${i}, round ${round}`);
        }
      }
      partition.close();
    } finally {
      await remove();
    }
  });

  it('sequential, out-of-order and rewritten reads return what the file holds', async () => {
    const { dir, remove } = await tempDir();
    try {
      const path = join(dir, 'stream.p0.tape');
      let partition = openPartition(path, writeBehind);
      const records = Array.from({ length: 200 }, (_, i) => randomBytes(1000 + ((i * 7919) % 60000)));
      for (const r of records) partition.appendRecord(r);
      const kept = partition.read(0);
      const first = Buffer.from(kept);
      // Record 1 follows record 0: it comes from a read-ahead buffer, which must never be filled again under it.
      const keptAhead = partition.read(1);
      const second = Buffer.from(keptAhead);
      for (let i = 0; i < records.length; i++) assert.deepEqual(Buffer.from(partition.read(i)), records[i], `record ${i} in order`);
      for (const i of [150, 3, 199, 4, 5, 100]) assert.deepEqual(Buffer.from(partition.read(i)), records[i], `record ${i} out of order`);
      // Written over from record 50 on, while records around it were read ahead.
      for (let i = 45; i < 55; i++) partition.read(i);
      partition.truncate(50);
      for (let i = 50; i < records.length; i++) {
        records[i] = randomBytes(500 + ((i * 104729) % 70000));
        partition.appendRecord(records[i] as Buffer);
      }
      for (let i = 50; i < records.length; i++) assert.deepEqual(Buffer.from(partition.read(i)), records[i], `record ${i} after rewriting`);
      for (let i = 40; i < records.length; i++) assert.deepEqual(Buffer.from(partition.read(i)), records[i], `record ${i} after rewriting, again`);
      const target = Buffer.alloc((records[60] as Buffer).length + 3);
      partition.readInto(60, target, 3);
      assert.deepEqual(target.subarray(3), records[60]);
      assert.deepEqual(Buffer.from(kept), first, 'a record read earlier is unchanged');
      assert.deepEqual(Buffer.from(keptAhead), second, 'a record read ahead earlier is unchanged');
      partition.sync();
      partition.close();
      partition = openPartition(path, writeBehind);
      for (let i = 0; i < records.length; i++) assert.deepEqual(Buffer.from(partition.read(i)), records[i], `record ${i} after reopening`);
      partition.close();
    } finally {
      await remove();
    }
  });
});
