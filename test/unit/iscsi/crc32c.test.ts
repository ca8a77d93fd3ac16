import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { crc32c, crc32cPortable, digestBytes } from '../../../src/iscsi/crc32c.ts';
import { hex } from './fixtures.ts';

/** The model: the plain byte-at-a-time table loop the sliced implementation replaced. */
const MODEL_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  return c >>> 0;
});
function modelCrc32c(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (const byte of bytes) c = ((MODEL_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8)) >>> 0;
  return ~c >>> 0;
}

// RFC 3720 appendix B.4 (same vectors in RFC 7143's references): data and the digest bytes as sent.
describe('CRC32C', () => {
  const vectors: Array<[string, Uint8Array, string]> = [
    ['32 bytes of zeroes', new Uint8Array(32), 'aa 36 91 8a'],
    ['32 bytes of ones', new Uint8Array(32).fill(0xff), '43 ab a8 62'],
    ['32 bytes of incrementing 00..1f', Uint8Array.from({ length: 32 }, (_, i) => i), '4e 79 dd 46'],
    ['32 bytes of decrementing 1f..00', Uint8Array.from({ length: 32 }, (_, i) => 31 - i), '5c db 3f 11'],
    [
      'an iSCSI SCSI Read (10) command PDU',
      hex(`01 c0 00 00
           00 00 00 00
           00 00 00 00
           00 00 00 00
           14 00 00 00
           00 00 04 00
           00 00 00 14
           00 00 00 18
           28 00 00 00
           00 00 00 00
           02 00 00 00
           00 00 00 00`),
      '56 3a 96 d9',
    ],
  ];
  for (const [name, data, digest] of vectors) {
    it(name, () => {
      assert.deepEqual(digestBytes(crc32c(data)), hex(digest));
      assert.deepEqual(digestBytes(crc32cPortable(data)), hex(digest));
    });
  }

  it('continues over split input', () => {
    const data = Uint8Array.from({ length: 100 }, (_, i) => (i * 7) & 0xff);
    assert.equal(crc32c(data.subarray(37), crc32c(data.subarray(0, 37))), crc32c(data));
  });

  it('matches the common check value for "123456789"', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  });

  it('agrees with the byte-at-a-time model for any bytes, at any offset and alignment, continued from any CRC', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.nat(7), fc.nat({ max: 0xffffffff }), (bytes, shift, seed) => {
        // The same bytes placed `shift` bytes into a larger buffer: every alignment of the word view.
        const backing = new Uint8Array(bytes.length + shift);
        backing.set(bytes, shift);
        const view = backing.subarray(shift);
        const expected = modelCrc32c(bytes, seed);
        assert.equal(crc32c(view, seed), expected);
        assert.equal(crc32cPortable(view, seed), expected);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with the model over a 256 KiB block, as one piece and split anywhere', () => {
    const block = Uint8Array.from({ length: 256 * 1024 }, (_, i) => (i * 2654435761) >>> 24);
    const expected = modelCrc32c(block);
    assert.equal(crc32c(block), expected);
    fc.assert(fc.property(fc.nat(block.length), (cut) => crc32c(block.subarray(cut), crc32c(block.subarray(0, cut))) === expected), { numRuns: 50 });
  });
});
