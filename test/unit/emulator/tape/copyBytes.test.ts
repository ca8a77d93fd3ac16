/**
 * copyBytes (the tape I/O thread's memcpy): the exact bytes land at the offset, to and from shared
 * memory, and nothing outside the range changes — whatever the lengths and offsets.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { copyBytes } from '../../../../src/emulator/tape/copyBytes.ts';

const sharedCopy = (bytes: Uint8Array): Uint8Array => {
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  return shared;
};

describe('copyBytes', () => {
  it('puts exactly the source at the offset, to and from shared memory, and leaves the rest', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: 300, maxLength: 600 }), fc.nat(), fc.boolean(), fc.boolean(), (source, before, offset, sharedSource, sharedTarget) => {
        const at = offset % (before.length - source.length + 1);
        const target = sharedTarget ? sharedCopy(before) : Uint8Array.from(before);
        copyBytes(sharedSource ? sharedCopy(source) : source, target, at);
        const expected = Uint8Array.from(before);
        expected.set(source, at);
        assert.deepEqual(Buffer.from(target), Buffer.from(expected));
      }),
      { numRuns: 300 },
    );
  });
});
