import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  decodeReadElementAddressInfo,
  encodeReadElementAddressInfo,
  READ_ELEMENT_ADDRESS_INFO_LENGTH,
  readElementAddressInfoCapacity,
  readElementAddressInfoLength,
} from '../../../../src/driver/winioctl/index.ts';
import { elementStatus } from './arbitraries.ts';
import { concat, DRIVE_STATUS, DRIVE_STATUS_100, DRIVE_STATUS_EX, SLOT_STATUS, SLOT_STATUS_100 } from './elementStatusFixtures.ts';
import { assertDecodesOrRefuses, assertFormatError, assertTooShort, hex } from './fixtures.ts';

const STRUCTURE = 'READ_ELEMENT_ADDRESS_INFO';

describe('READ_ELEMENT_ADDRESS_INFO (104 bytes minimum, §3.14)', () => {
  it('is 104 bytes, one entry declared', () => assert.equal(READ_ELEMENT_ADDRESS_INFO_LENGTH, 104));

  it('takes 104 + (n−1) × 100 bytes for n ≥ 1, and 104 for no match', () => {
    assert.deepEqual([0, 1, 2, 3, 10].map(readElementAddressInfoLength), [104, 104, 204, 304, 1004]);
  });

  it('fits as many 100-byte entries as the output buffer holds', () => {
    assert.deepEqual([0, 103, 104, 203, 204, 1004].map(readElementAddressInfoCapacity), [0, 0, 1, 1, 2, 10]);
  });

  it('decodes the count and the matches', () => {
    const two = concat(hex`02 00 00 00`, SLOT_STATUS_100, DRIVE_STATUS_100);
    assert.deepEqual(decodeReadElementAddressInfo(two), [SLOT_STATUS, DRIVE_STATUS]);
  });

  it('encodes the count then 100-byte entries, identities dropped', () => {
    assert.deepEqual(encodeReadElementAddressInfo([SLOT_STATUS, DRIVE_STATUS_EX]), concat(hex`02 00 00 00`, SLOT_STATUS_100, DRIVE_STATUS_100));
    assert.deepEqual(encodeReadElementAddressInfo([SLOT_STATUS]), concat(hex`01 00 00 00`, SLOT_STATUS_100));
  });

  it('answers no match with 104 bytes: a zero count and an unused entry', () => {
    const none = encodeReadElementAddressInfo([]);
    assert.deepEqual(none, hex`00*104`);
    assert.deepEqual(decodeReadElementAddressInfo(none), []);
  });

  it('refuses fewer than 104 bytes', () => assertTooShort(decodeReadElementAddressInfo, STRUCTURE, 104));

  it('refuses a count the bytes do not hold, without trying to allocate it', () => {
    const e = assertFormatError(() => decodeReadElementAddressInfo(concat(hex`02 00 00 00`, SLOT_STATUS_100)), STRUCTURE, /NumberOfElements 2 needs 204 bytes, given 104/);
    assert.equal(e.neededLength, 204);
    assertFormatError(() => decodeReadElementAddressInfo(concat(hex`ff ff ff ff`, SLOT_STATUS_100)), STRUCTURE, /NumberOfElements 4294967295/);
  });

  it('names the entry that fails', () => {
    const bad = concat(hex`02 00 00 00`, SLOT_STATUS_100, DRIVE_STATUS_100);
    bad[104] = 0x09;
    assertFormatError(() => decodeReadElementAddressInfo(bad), 'READ_ELEMENT_ADDRESS_INFO.ElementStatus[1]', /Element\.ElementType: 9/);
  });

  it('round-trips any matches', () => {
    fc.assert(
      fc.property(fc.array(elementStatus(false), { maxLength: 5 }), (matches) => {
        const bytes = encodeReadElementAddressInfo(matches);
        assert.equal(bytes.length, readElementAddressInfoLength(matches.length));
        assert.deepEqual(decodeReadElementAddressInfo(bytes), matches);
      }),
      { numRuns: 200 },
    );
  });

  it('decodes or refuses any bytes', () => assertDecodesOrRefuses(decodeReadElementAddressInfo, 420));
});
