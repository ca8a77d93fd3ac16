import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ElementType } from '../../../../src/driver/elementType.ts';
import {
  CHANGER_INITIALIZE_ELEMENT_STATUS_LENGTH,
  decodeChangerInitializeElementStatus,
  encodeChangerInitializeElementStatus,
} from '../../../../src/driver/winioctl/index.ts';
import { changerElement, PLAIN, u32 } from './arbitraries.ts';
import { assertDecodesOrRefuses, assertFormatError, assertTooShort, hex } from './fixtures.ts';

const DRIVES_BY_BARCODE = hex`
  04 00 00 00   // ElementList.Element.ElementType = ChangerDrive
  03 00 00 00   // ElementList.Element.ElementAddress = 3
  02 00 00 00   // ElementList.NumberOfElements = 2
  01            // BarCodeScan = TRUE
  00 00 00      // padding
`;

describe('CHANGER_INITIALIZE_ELEMENT_STATUS (16 bytes)', () => {
  it('is 16 bytes', () => assert.equal(CHANGER_INITIALIZE_ELEMENT_STATUS_LENGTH, 16));

  it('decodes a range and BarCodeScan', () => {
    assert.deepEqual(decodeChangerInitializeElementStatus(DRIVES_BY_BARCODE), { element: { type: ElementType.Drive, index: 3 }, count: 2, barCodeScan: true });
  });

  it('encodes to the same bytes', () => {
    assert.deepEqual(encodeChangerInitializeElementStatus({ element: { type: ElementType.Drive, index: 3 }, count: 2, barCodeScan: true }), DRIVES_BY_BARCODE);
  });

  it('keeps the count of an AllElements request, which Windows ignores', () => {
    const all = hex`00 00 00 00 00 00 00 00 09 00 00 00 00 00 00 00`;
    assert.deepEqual(decodeChangerInitializeElementStatus(all), { element: { type: ElementType.AllElements, index: 0 }, count: 9, barCodeScan: false });
  });

  it('refuses a count that is no ULONG', () => {
    assertFormatError(
      () => encodeChangerInitializeElementStatus({ element: { type: ElementType.Slot, index: 0 }, count: -2, barCodeScan: false }),
      'CHANGER_INITIALIZE_ELEMENT_STATUS',
      /ElementList\.NumberOfElements: -2/,
    );
  });

  it('refuses a short buffer', () => assertTooShort(decodeChangerInitializeElementStatus, 'CHANGER_INITIALIZE_ELEMENT_STATUS', 16));

  it('round-trips any query', () => {
    const query = fc.record({ element: changerElement, count: u32, barCodeScan: fc.boolean() }, PLAIN);
    fc.assert(fc.property(query, (q) => assert.deepEqual(decodeChangerInitializeElementStatus(encodeChangerInitializeElementStatus(q)), q)));
  });

  it('decodes or refuses any bytes', () => assertDecodesOrRefuses(decodeChangerInitializeElementStatus, 32));
});
