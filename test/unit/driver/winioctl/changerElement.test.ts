import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ElementType } from '../../../../src/driver/elementType.ts';
import {
  decodeChangerElement,
  decodeChangerElementList,
  encodeChangerElement,
  encodeChangerElementList,
} from '../../../../src/driver/winioctl/index.ts';
import { changerElement, PLAIN, u32 } from './arbitraries.ts';
import { assertDecodesOrRefuses, assertFormatError, assertTooShort, atOffset, hex } from './fixtures.ts';

// Slot 0x0302a1b4: a zero-based index, little-endian.
const SLOT = hex`
  02 00 00 00   // ElementType = ChangerSlot
  b4 a1 02 03   // ElementAddress = 0x0302a1b4
`;

describe('CHANGER_ELEMENT (8 bytes)', () => {
  it('decodes type then zero-based index', () => {
    assert.deepEqual(decodeChangerElement(SLOT), { type: ElementType.Slot, index: 0x0302a1b4 });
  });

  it('encodes to the same bytes', () => {
    assert.deepEqual(encodeChangerElement({ type: ElementType.Slot, index: 0x0302a1b4 }), SLOT);
  });

  it('reads a Buffer slice at an offset inside its pool', () => {
    assert.deepEqual(decodeChangerElement(atOffset(SLOT)), { type: ElementType.Slot, index: 0x0302a1b4 });
  });

  it('refuses ChangerMaxElement and beyond on decode and on encode', () => {
    assertFormatError(() => decodeChangerElement(hex`07 00 00 00 00 00 00 00`), 'CHANGER_ELEMENT', /ElementType: 7 is not an ELEMENT_TYPE/);
    assertFormatError(() => decodeChangerElement(hex`ff ff ff ff 00 00 00 00`), 'CHANGER_ELEMENT', /ElementType/);
    assertFormatError(() => encodeChangerElement({ type: 7 as ElementType, index: 0 }), 'CHANGER_ELEMENT', /ElementType/);
  });

  it('refuses an index that is no ULONG', () => {
    assertFormatError(() => encodeChangerElement({ type: ElementType.Drive, index: 2 ** 32 }), 'CHANGER_ELEMENT', /ElementAddress: 4294967296 does not fit a ULONG/);
    assertFormatError(() => encodeChangerElement({ type: ElementType.Drive, index: -1 }), 'CHANGER_ELEMENT', /ElementAddress/);
    assertFormatError(() => encodeChangerElement({ type: ElementType.Drive, index: 1.5 }), 'CHANGER_ELEMENT', /ElementAddress/);
  });

  it('refuses a short buffer, naming needed and given length', () => {
    assertTooShort(decodeChangerElement, 'CHANGER_ELEMENT', 8);
  });

  it('round-trips any element', () => {
    fc.assert(fc.property(changerElement, (e) => assert.deepEqual(decodeChangerElement(encodeChangerElement(e)), e)));
  });

  it('decodes or refuses any bytes', () => assertDecodesOrRefuses(decodeChangerElement, 16));
});

const LIST = hex`
  04 00 00 00   // Element.ElementType = ChangerDrive
  01 00 00 00   // Element.ElementAddress = 1
  03 00 00 00   // NumberOfElements = 3
`;

describe('CHANGER_ELEMENT_LIST (12 bytes)', () => {
  it('decodes the first element and the count', () => {
    assert.deepEqual(decodeChangerElementList(LIST), { element: { type: ElementType.Drive, index: 1 }, numberOfElements: 3 });
  });

  it('encodes to the same bytes', () => {
    assert.deepEqual(encodeChangerElementList({ element: { type: ElementType.Drive, index: 1 }, numberOfElements: 3 }), LIST);
  });

  it('names the nested member in errors', () => {
    assertFormatError(() => decodeChangerElementList(hex`09 00 00 00 00 00 00 00 00 00 00 00`), 'CHANGER_ELEMENT_LIST', /Element\.ElementType: 9/);
  });

  it('refuses a short buffer', () => assertTooShort(decodeChangerElementList, 'CHANGER_ELEMENT_LIST', 12));

  it('round-trips any list', () => {
    fc.assert(
      fc.property(fc.record({ element: changerElement, numberOfElements: u32 }, PLAIN), (l) => assert.deepEqual(decodeChangerElementList(encodeChangerElementList(l)), l)),
    );
  });

  it('decodes or refuses any bytes', () => assertDecodesOrRefuses(decodeChangerElementList, 24));
});
