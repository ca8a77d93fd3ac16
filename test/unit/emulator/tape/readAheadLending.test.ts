// Records lent out of the read-ahead (ReadAhead.lend): what a transport sends without a copy must
// stay as read until it is given back, however far the host reads on, and a buffer given back is
// filled again instead of a new one being made. And the chunks follow the length of the records read.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { READ_AHEAD_BYTES, ReadAhead, type ChunkReader } from '../../../../src/emulator/tape/readAhead.ts';
import { RECORD_HEADER_LENGTH } from '../../../../src/emulator/tape/recordFormat.ts';
import type { LentBytes } from '../../../../src/emulator/tape/recordStorage.ts';

/** A tape file of `count` records of `length` bytes, each filled with its own number, headers between them. */
function tapeFile(count: number, length: number): { file: Buffer; payloadOffset: (k: number) => number } {
  const stride = RECORD_HEADER_LENGTH + length;
  const file = Buffer.alloc(count * stride);
  for (let k = 0; k < count; k++) file.fill(k % 251, k * stride + RECORD_HEADER_LENGTH, (k + 1) * stride);
  return { file, payloadOffset: (k) => k * stride + RECORD_HEADER_LENGTH };
}

/** The read-ahead over `file`, counting the distinct buffers its chunks were read into. */
function reader(file: Buffer): { ahead: ReadAhead; buffers: Set<ArrayBufferLike>; read: ChunkReader } {
  const buffers = new Set<ArrayBufferLike>();
  const read: ChunkReader = (offset, length, target, at) => {
    buffers.add(target.buffer);
    target.set(file.subarray(offset, offset + length), at);
  };
  return { ahead: new ReadAhead(() => file.length, { shared: false, prefetcher: () => undefined }), buffers, read };
}

describe('records lent out of the read-ahead', () => {
  it('a lent record keeps its bytes while the host reads 16 MiB on; once given back, its buffer is filled again', () => {
    const length = 64 * 1024;
    const count = (16 * 1024 * 1024) / length;
    const { file, payloadOffset } = tapeFile(count, length);
    const { ahead, buffers, read } = reader(file);
    // The first read is not yet known to be sequential: it is read alone, not ahead.
    assert.equal(ahead.lend(payloadOffset(0), length, read), undefined);
    const lent = ahead.lend(payloadOffset(1), length, read) as LentBytes;
    assert.ok(lent !== undefined);
    for (let k = 2; k < count / 2; k++) assert.equal(ahead.view(payloadOffset(k), length, read)?.[0], k % 251);
    assert.equal(lent.bytes.length, length);
    assert.ok(lent.bytes.every((b) => b === 1), 'record 1 unchanged while lent');
    // The lent chunk's buffer was never filled again: a second one took every later chunk.
    assert.equal(buffers.size, 2);
    lent.release();
    lent.release(); // a second release changes nothing
    // A record of the chunk now read is lent: reading on needs another buffer, and takes the one given back.
    const again = ahead.lend(payloadOffset(count / 2), length, read) as LentBytes;
    for (let k = count / 2 + 1; k < count; k++) assert.equal(ahead.view(payloadOffset(k), length, read)?.[0], k % 251);
    assert.ok(again.bytes.every((b) => b === (count / 2) % 251), 'the second lent record unchanged');
    assert.equal(buffers.size, 2, 'no buffer made once the lent one was given back');
  });

  it('any interleaving of lends, releases and reads: each lent record reads as written until released; only a lend makes a third buffer', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 300_000 }),
        fc.array(fc.oneof(fc.constant<'read'>('read'), fc.constant<'lend'>('lend'), fc.nat(7)), { minLength: 1, maxLength: 300 }),
        (length, steps) => {
          const count = Math.min(400, Math.ceil((10 * READ_AHEAD_BYTES) / length));
          const { file, payloadOffset } = tapeFile(count, length);
          const { ahead, buffers, read } = reader(file);
          const held: { record: number; lent: LentBytes }[] = [];
          let lends = 0;
          let next = 0;
          for (const step of steps) {
            if (typeof step === 'number') {
              const h = held.splice(step % Math.max(1, held.length), 1)[0];
              if (h === undefined) continue;
              assert.ok(h.lent.bytes.every((b) => b === h.record % 251), `record ${h.record} unchanged until released`);
              h.lent.release();
              continue;
            }
            if (next >= count) break;
            if (step === 'lend') {
              const lent = ahead.lend(payloadOffset(next), length, read);
              if (lent !== undefined) {
                held.push({ record: next, lent });
                lends++;
              }
            } else {
              ahead.view(payloadOffset(next), length, read);
            }
            next++;
            // Without lends the chunks take turns in two buffers (the one read and a spare); each lend may cost one more.
            assert.ok(buffers.size <= lends + 2, `${buffers.size} buffers after ${lends} lends`);
          }
          for (const h of held) assert.ok(h.lent.bytes.every((b) => b === h.record % 251), `record ${h.record} unchanged at the end`);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a chunk holds eight records of the length being read, 512 KiB to 2 MiB, and a stream whose record length changes reads back exactly', () => {
    const KiB = 1024;
    // Record lengths as a host might switch block sizes between files: small, 64 KiB, 256 KiB, 1 MiB (the largest read ahead), small again.
    const lengths = [...Array<number>(300).fill(4 * KiB), ...Array<number>(40).fill(64 * KiB), ...Array<number>(20).fill(256 * KiB), ...Array<number>(6).fill(1024 * KiB), ...Array<number>(1000).fill(3000)];
    const offsets: number[] = [];
    let size = 0;
    for (const length of lengths) {
      offsets.push(size + RECORD_HEADER_LENGTH);
      size += RECORD_HEADER_LENGTH + length;
    }
    const file = Buffer.alloc(size);
    lengths.forEach((length, k) => file.fill(k % 251, offsets[k] as number, (offsets[k] as number) + length));
    const chunkReads: { offset: number; length: number }[] = [];
    const read: ChunkReader = (offset, length, target, at) => {
      chunkReads.push({ offset, length });
      target.set(file.subarray(offset, offset + length), at);
    };
    const ahead = new ReadAhead(() => file.length, { shared: false, prefetcher: () => undefined });
    lengths.forEach((length, k) => {
      const bytes = ahead.view(offsets[k] as number, length, read) ?? file.subarray(offsets[k] as number, (offsets[k] as number) + length);
      assert.equal(bytes.length, length);
      assert.ok(bytes.every((b) => b === k % 251), `record ${k} (${length} bytes) reads as written`);
    });
    // Each chunk's length follows the records it began at (the file's end cuts the last one short).
    const chunksFrom = (first: number, end: number): number[] => chunkReads.filter((r) => r.offset >= (offsets[first] as number) && r.offset < (offsets[end] ?? size)).map((r) => r.length);
    assert.deepEqual([...new Set(chunksFrom(0, 300))], [512 * KiB], '4 KiB records: the smallest chunk');
    assert.deepEqual([...new Set(chunksFrom(300, 340))], [512 * KiB], '64 KiB records: eight to a chunk');
    assert.deepEqual([...new Set(chunksFrom(340, 360))], [2 * 1024 * KiB], '256 KiB records: eight to a chunk, 2 MiB');
    assert.deepEqual([...new Set(chunksFrom(360, 366))], [READ_AHEAD_BYTES], '1 MiB records: the largest chunk');
    assert.ok(chunksFrom(366, 1366).every((l) => l <= 512 * KiB), 'small records again: the smallest chunk, or what is left of the file');
  });
});
