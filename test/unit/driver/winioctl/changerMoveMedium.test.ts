import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ElementType } from '../../../../src/driver/elementType.ts';
import { CHANGER_MOVE_MEDIUM_LENGTH, decodeChangerMoveMedium, encodeChangerMoveMedium } from '../../../../src/driver/winioctl/index.ts';
import { changerElement, PLAIN } from './arbitraries.ts';
import { assertDecodesOrRefuses, assertFormatError, assertTooShort, hex } from './fixtures.ts';

const MAILSLOT_TO_SLOT = hex`
  01 00 00 00 00 00 00 00   // Transport = transport 0
  03 00 00 00 02 00 00 00   // Source = IE port 2
  02 00 00 00 0a 00 00 00   // Destination = slot 10
  00                        // Flip = FALSE
  00 00 00                  // padding
`;

const VALUES = {
  transport: { type: ElementType.Transport, index: 0 },
  source: { type: ElementType.IEPort, index: 2 },
  destination: { type: ElementType.Slot, index: 10 },
  flip: false,
};

describe('CHANGER_MOVE_MEDIUM (28 bytes)', () => {
  it('is 28 bytes', () => assert.equal(CHANGER_MOVE_MEDIUM_LENGTH, 28));

  it('decodes transport, source, destination and Flip', () => assert.deepEqual(decodeChangerMoveMedium(MAILSLOT_TO_SLOT), VALUES));

  it('encodes to the same bytes', () => assert.deepEqual(encodeChangerMoveMedium(VALUES), MAILSLOT_TO_SLOT));

  it('refuses an element that is no ELEMENT_TYPE on encode, naming it', () => {
    assertFormatError(() => encodeChangerMoveMedium({ ...VALUES, source: { type: -1 as ElementType, index: 0 } }), 'CHANGER_MOVE_MEDIUM', /Source\.ElementType: -1/);
  });

  it('refuses a short buffer', () => assertTooShort(decodeChangerMoveMedium, 'CHANGER_MOVE_MEDIUM', 28));

  it('round-trips any request', () => {
    const request = fc.record({ transport: changerElement, source: changerElement, destination: changerElement, flip: fc.boolean() }, PLAIN);
    fc.assert(fc.property(request, (q) => assert.deepEqual(decodeChangerMoveMedium(encodeChangerMoveMedium(q)), q)));
  });

  it('decodes or refuses any bytes', () => assertDecodesOrRefuses(decodeChangerMoveMedium, 50));
});
