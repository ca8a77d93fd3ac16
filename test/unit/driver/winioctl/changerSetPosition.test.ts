import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ElementType } from '../../../../src/driver/elementType.ts';
import { CHANGER_SET_POSITION_LENGTH, decodeChangerSetPosition, encodeChangerSetPosition } from '../../../../src/driver/winioctl/index.ts';
import { changerElement, PLAIN } from './arbitraries.ts';
import { assertDecodesOrRefuses, assertFormatError, assertTooShort, hex } from './fixtures.ts';

const TO_SLOT_291_FLIPPED = hex`
  01 00 00 00   // Transport.ElementType = ChangerTransport
  00 00 00 00   // Transport.ElementAddress = 0
  02 00 00 00   // Destination.ElementType = ChangerSlot
  23 01 00 00   // Destination.ElementAddress = 291
  01            // Flip = TRUE
  00 00 00      // padding
`;

const VALUES = { transport: { type: ElementType.Transport, index: 0 }, destination: { type: ElementType.Slot, index: 291 }, flip: true };

describe('CHANGER_SET_POSITION (20 bytes)', () => {
  it('is 20 bytes', () => assert.equal(CHANGER_SET_POSITION_LENGTH, 20));

  it('decodes transport, destination and Flip', () => assert.deepEqual(decodeChangerSetPosition(TO_SLOT_291_FLIPPED), VALUES));

  it('encodes to the same bytes', () => assert.deepEqual(encodeChangerSetPosition(VALUES), TO_SLOT_291_FLIPPED));

  it('names the member holding a bad element type', () => {
    const bad = Uint8Array.from(TO_SLOT_291_FLIPPED);
    bad[8] = 0x0c;
    assertFormatError(() => decodeChangerSetPosition(bad), 'CHANGER_SET_POSITION', /Destination\.ElementType: 12/);
  });

  it('refuses a short buffer', () => assertTooShort(decodeChangerSetPosition, 'CHANGER_SET_POSITION', 20));

  it('round-trips any request', () => {
    const request = fc.record({ transport: changerElement, destination: changerElement, flip: fc.boolean() }, PLAIN);
    fc.assert(fc.property(request, (q) => assert.deepEqual(decodeChangerSetPosition(encodeChangerSetPosition(q)), q)));
  });

  it('decodes or refuses any bytes', () => assertDecodesOrRefuses(decodeChangerSetPosition, 40));
});
