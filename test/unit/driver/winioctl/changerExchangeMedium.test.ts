import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ElementType } from '../../../../src/driver/elementType.ts';
import { CHANGER_EXCHANGE_MEDIUM_LENGTH, decodeChangerExchangeMedium, encodeChangerExchangeMedium } from '../../../../src/driver/winioctl/index.ts';
import { changerElement, PLAIN } from './arbitraries.ts';
import { assertDecodesOrRefuses, assertTooShort, hex } from './fixtures.ts';

// Slot 5's medium goes to drive 1; drive 1's medium goes to slot 9, turned over.
const EXCHANGE = hex`
  01 00 00 00 00 00 00 00   // Transport = transport 0
  02 00 00 00 05 00 00 00   // Source = slot 5
  04 00 00 00 01 00 00 00   // Destination1 = drive 1
  02 00 00 00 09 00 00 00   // Destination2 = slot 9
  00                        // Flip1 = FALSE
  01                        // Flip2 = TRUE
  00 00                     // padding
`;

const VALUES = {
  transport: { type: ElementType.Transport, index: 0 },
  source: { type: ElementType.Slot, index: 5 },
  destination1: { type: ElementType.Drive, index: 1 },
  destination2: { type: ElementType.Slot, index: 9 },
  flip1: false,
  flip2: true,
};

describe('CHANGER_EXCHANGE_MEDIUM (36 bytes)', () => {
  it('is 36 bytes', () => assert.equal(CHANGER_EXCHANGE_MEDIUM_LENGTH, 36));

  it('decodes four elements and two flips', () => assert.deepEqual(decodeChangerExchangeMedium(EXCHANGE), VALUES));

  it('encodes to the same bytes', () => assert.deepEqual(encodeChangerExchangeMedium(VALUES), EXCHANGE));

  it('refuses a short buffer', () => assertTooShort(decodeChangerExchangeMedium, 'CHANGER_EXCHANGE_MEDIUM', 36));

  it('round-trips any request', () => {
    const request = fc.record(
      { transport: changerElement, source: changerElement, destination1: changerElement, destination2: changerElement, flip1: fc.boolean(), flip2: fc.boolean() },
      PLAIN,
    );
    fc.assert(fc.property(request, (q) => assert.deepEqual(decodeChangerExchangeMedium(encodeChangerExchangeMedium(q)), q)));
  });

  it('decodes or refuses any bytes', () => assertDecodesOrRefuses(decodeChangerExchangeMedium, 60));
});
