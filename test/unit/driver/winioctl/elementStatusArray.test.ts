import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ElementStatusFlags, type ElementStatus } from '../../../../src/driver/elementStatus.ts';
import { decodeElementStatusArray, elementStatusStride, encodeElementStatusArray, WinIoctlFormatError } from '../../../../src/driver/winioctl/index.ts';
import { elementStatus } from './arbitraries.ts';
import { concat, DRIVE_STATUS, DRIVE_STATUS_100, DRIVE_STATUS_156, DRIVE_STATUS_EX, SLOT_STATUS, SLOT_STATUS_100, SLOT_STATUS_156 } from './elementStatusFixtures.ts';
import { assertFormatError } from './fixtures.ts';

const STRUCTURE = 'CHANGER_ELEMENT_STATUS array';

describe('GET_ELEMENT_STATUS stride (§3.8.3)', () => {
  it('is 156 when the buffer holds N _EX entries, else 100 when it holds N plain ones', () => {
    assert.equal(elementStatusStride(2 * 156, 2), 156);
    assert.equal(elementStatusStride(4096, 2), 156);
    assert.equal(elementStatusStride(2 * 156 - 1, 2), 100);
    assert.equal(elementStatusStride(2 * 100, 2), 100);
  });

  it('refuses a buffer smaller than N × 100, the class driver’s BUFFER_TOO_SMALL', () => {
    const e = assertFormatError(() => elementStatusStride(199, 2), STRUCTURE, /needs 200 bytes, given 199/);
    assert.equal(e.neededLength, 200);
  });

  it('refuses a count that is no count', () => {
    assertFormatError(() => elementStatusStride(100, -1), STRUCTURE, /count -1/);
    assertFormatError(() => decodeElementStatusArray(new Uint8Array(100), 0.5), STRUCTURE, /count 0.5/);
  });
});

describe('GET_ELEMENT_STATUS output (N × 100 or N × 156)', () => {
  it('decodes 100-byte entries: 200 bytes for 2', () => {
    assert.deepEqual(decodeElementStatusArray(concat(SLOT_STATUS_100, DRIVE_STATUS_100), 2), [SLOT_STATUS, DRIVE_STATUS]);
  });

  it('decodes 156-byte entries of every type: 312 bytes for 2', () => {
    assert.deepEqual(decodeElementStatusArray(concat(SLOT_STATUS_156, DRIVE_STATUS_156), 2), [SLOT_STATUS, DRIVE_STATUS_EX]);
  });

  it('writes every entry at 156 when the caller’s buffer allows, whatever its type', () => {
    const bytes = encodeElementStatusArray([SLOT_STATUS, DRIVE_STATUS_EX], 1024);
    assert.deepEqual(bytes, concat(SLOT_STATUS_156, DRIVE_STATUS_156));
  });

  it('falls back to 100 for a smaller buffer, losing the drive identity', () => {
    const bytes = encodeElementStatusArray([SLOT_STATUS, DRIVE_STATUS_EX], 311);
    assert.deepEqual(bytes, concat(SLOT_STATUS_100, DRIVE_STATUS_100));
  });

  it('refuses a buffer too small even for 100-byte entries', () => {
    assertFormatError(() => encodeElementStatusArray([SLOT_STATUS, DRIVE_STATUS], 150), STRUCTURE, /needs 200 bytes, given 150/);
  });

  it('refuses bytes that are no whole number of 100- or 156-byte entries', () => {
    assertFormatError(() => decodeElementStatusArray(new Uint8Array(250), 2), STRUCTURE, /250 bytes for 2 entries is a stride of 125, neither 100 nor 156/);
    assertFormatError(() => decodeElementStatusArray(new Uint8Array(100), 2), STRUCTURE, /stride of 50/);
    assertFormatError(() => decodeElementStatusArray(new Uint8Array(100), 0), STRUCTURE, /100 bytes for 0 entries/);
    assert.deepEqual(decodeElementStatusArray(new Uint8Array(0), 0), []);
    assert.deepEqual(encodeElementStatusArray([], 0), new Uint8Array(0));
  });

  it('names the entry that fails', () => {
    const bad = concat(SLOT_STATUS_156, DRIVE_STATUS_156);
    bad[156] = 0x0f;
    assertFormatError(() => decodeElementStatusArray(bad, 2), 'CHANGER_ELEMENT_STATUS_EX[1]', /Element\.ElementType: 15/);
    assertFormatError(() => encodeElementStatusArray([SLOT_STATUS, { ...DRIVE_STATUS, targetId: 300 }], 200), 'CHANGER_ELEMENT_STATUS[1]', /TargetId/);
  });

  it('round-trips through the stride a buffer picks: everything at 156, all but the identity at 100', () => {
    const run = fc.record({ statuses: fc.array(elementStatus(true), { minLength: 1, maxLength: 6 }), slack: fc.nat(400) });
    fc.assert(
      fc.property(run, ({ statuses, slack }) => {
        const n = statuses.length;
        assert.deepEqual(decodeElementStatusArray(encodeElementStatusArray(statuses, n * 156 + slack), n), statuses);
        const narrow = encodeElementStatusArray(statuses, n * 100 + (slack % (n * 56)));
        assert.equal(narrow.length, n * 100);
        assert.deepEqual(decodeElementStatusArray(narrow, n), statuses.map(withoutIdentity));
      }),
      { numRuns: 200 },
    );
  });

  it('decodes or refuses any bytes for any count', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), fc.integer({ min: -1, max: 8 }), (bytes, count) => {
        try {
          decodeElementStatusArray(bytes, count);
        } catch (e) {
          assert.ok(e instanceof WinIoctlFormatError, String(e));
        }
      }),
    );
    // Whole strides of random bytes reach the entry decoders, not only the length checks.
    fc.assert(
      fc.property(fc.constantFrom(100, 156), fc.integer({ min: 1, max: 4 }), fc.infiniteStream(fc.integer({ min: 0, max: 255 })), (stride, n, stream) => {
        const bytes = Uint8Array.from(stream.take(stride * n));
        try {
          assert.equal(decodeElementStatusArray(bytes, n).length, n);
        } catch (e) {
          assert.ok(e instanceof WinIoctlFormatError, String(e));
        }
      }),
    );
  });
});

function withoutIdentity(s: ElementStatus): ElementStatus {
  return { ...s, flags: (s.flags & ~ElementStatusFlags.PRODUCT_DATA) >>> 0, driveIdentity: undefined };
}
