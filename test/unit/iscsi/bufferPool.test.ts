import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { BufferPool } from '../../../src/iscsi/bufferPool.ts';

describe('BufferPool: receive buffers used again', () => {
  it('a buffer given back is handed out again for a length of the same 64 KiB class, never while in use', () => {
    const pool = new BufferPool();
    const first = pool.take(262_192);
    assert.equal(first.length, 262_192);
    assert.equal(first.buffer.byteLength, 327_680, 'made in multiples of 64 KiB');
    const second = pool.take(262_192);
    assert.notEqual(second.buffer, first.buffer, 'a buffer in use is not handed out twice');
    pool.give(first);
    assert.equal(pool.idleBytes, 327_680);
    const again = pool.take(300_000);
    assert.equal(again.buffer, first.buffer);
    assert.equal(again.length, 300_000);
    assert.equal(pool.idleBytes, 0);
    assert.notEqual(pool.take(100_000).buffer, second.buffer, 'another class makes its own');
  });

  it('ignores buffers it did not make, a second give of the same buffer, and what is over its idle limit', () => {
    const pool = new BufferPool(350 * 1024);
    pool.give(Buffer.allocUnsafeSlow(65_536));
    assert.equal(pool.idleBytes, 0, 'a socket chunk of the right size is still not ours');
    const a = pool.take(65_536);
    const b = pool.take(65_536);
    const big = pool.take(300_000);
    pool.give(a.subarray(10, 20));
    pool.give(a);
    assert.equal(pool.idleBytes, 65_536, 'given twice (as two views) counts once');
    assert.equal(pool.take(65_536).buffer, a.buffer);
    assert.notEqual(pool.take(65_536).buffer, a.buffer, 'and is handed out once');
    pool.give(b);
    pool.give(big);
    assert.equal(pool.idleBytes, 65_536, 'the 320 KiB buffer would pass the 350 KiB limit: left to the collector');
  });
});
