import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { crc32c, digestBytes } from '../../../src/iscsi/crc32c.ts';
import { hex } from './fixtures.ts';

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
    it(name, () => assert.deepEqual(digestBytes(crc32c(data)), hex(digest)));
  }

  it('continues over split input', () => {
    const data = Uint8Array.from({ length: 100 }, (_, i) => (i * 7) & 0xff);
    assert.equal(crc32c(data.subarray(37), crc32c(data.subarray(0, 37))), crc32c(data));
  });

  it('matches the common check value for "123456789"', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  });
});
