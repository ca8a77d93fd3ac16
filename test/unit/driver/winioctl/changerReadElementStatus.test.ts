import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ElementType } from '../../../../src/driver/elementType.ts';
import { CHANGER_READ_ELEMENT_STATUS_LENGTH, decodeChangerReadElementStatus, encodeChangerReadElementStatus } from '../../../../src/driver/winioctl/index.ts';
import { changerElement, PLAIN, u32 } from './arbitraries.ts';
import { assertDecodesOrRefuses, assertTooShort, hex } from './fixtures.ts';

const SLOTS_WITH_TAGS = hex`
  02 00 00 00   // ElementList.Element.ElementType = ChangerSlot
  10 00 00 00   // ElementList.Element.ElementAddress = 16
  2c 00 00 00   // ElementList.NumberOfElements = 44
  01            // VolumeTagInfo = TRUE
  00 00 00      // padding
`;

describe('CHANGER_READ_ELEMENT_STATUS (16 bytes)', () => {
  it('is 16 bytes, tail padding included', () => assert.equal(CHANGER_READ_ELEMENT_STATUS_LENGTH, 16));

  it('decodes range and VolumeTagInfo', () => {
    assert.deepEqual(decodeChangerReadElementStatus(SLOTS_WITH_TAGS), { element: { type: ElementType.Slot, index: 16 }, count: 44, volumeTagInfo: true });
  });

  it('encodes to the same bytes, padding zero', () => {
    assert.deepEqual(encodeChangerReadElementStatus({ element: { type: ElementType.Slot, index: 16 }, count: 44, volumeTagInfo: true }), SLOTS_WITH_TAGS);
  });

  it('reads any non-zero BOOLEAN as TRUE and ignores the padding', () => {
    const odd = hex`00 00 00 00 00 00 00 00 07 00 00 00 80 ff ff ff`;
    assert.deepEqual(decodeChangerReadElementStatus(odd), { element: { type: ElementType.AllElements, index: 0 }, count: 7, volumeTagInfo: true });
    const off = hex`00 00 00 00 00 00 00 00 07 00 00 00 00 ff ff ff`;
    assert.equal(decodeChangerReadElementStatus(off).volumeTagInfo, false);
  });

  it('refuses a short buffer (the class driver’s INFO_LENGTH_MISMATCH case)', () => assertTooShort(decodeChangerReadElementStatus, 'CHANGER_READ_ELEMENT_STATUS', 16));

  it('round-trips any query', () => {
    const query = fc.record({ element: changerElement, count: u32, volumeTagInfo: fc.boolean() }, PLAIN);
    fc.assert(fc.property(query, (q) => assert.deepEqual(decodeChangerReadElementStatus(encodeChangerReadElementStatus(q)), q)));
  });

  it('decodes or refuses any bytes', () => assertDecodesOrRefuses(decodeChangerReadElementStatus, 32));
});
