import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ElementType } from '../../../../src/driver/elementType.ts';
import { AccessControl } from '../../../../src/driver/requests.ts';
import { CHANGER_SET_ACCESS_LENGTH, decodeChangerSetAccess, encodeChangerSetAccess } from '../../../../src/driver/winioctl/index.ts';
import { changerElement, PLAIN } from './arbitraries.ts';
import { assertDecodesOrRefuses, assertFormatError, assertTooShort, hex } from './fixtures.ts';

const UNLOCK_DOOR = hex`
  05 00 00 00   // Element.ElementType = ChangerDoor
  00 01 00 00   // Element.ElementAddress = 256
  01 00 00 00   // Control = UNLOCK_ELEMENT
`;

describe('CHANGER_SET_ACCESS (12 bytes)', () => {
  it('is 12 bytes', () => assert.equal(CHANGER_SET_ACCESS_LENGTH, 12));

  it('decodes element and control', () => {
    assert.deepEqual(decodeChangerSetAccess(UNLOCK_DOOR), { element: { type: ElementType.Door, index: 256 }, control: AccessControl.Unlock });
  });

  it('encodes to the same bytes', () => {
    assert.deepEqual(encodeChangerSetAccess({ element: { type: ElementType.Door, index: 256 }, control: AccessControl.Unlock }), UNLOCK_DOOR);
  });

  it('refuses a Control outside LOCK, UNLOCK, EXTEND_IEPORT, RETRACT_IEPORT', () => {
    assertFormatError(() => decodeChangerSetAccess(hex`03 00 00 00 00 00 00 00 04 00 00 00`), 'CHANGER_SET_ACCESS', /Control: 4 is not an access control/);
    assertFormatError(() => encodeChangerSetAccess({ element: { type: ElementType.IEPort, index: 0 }, control: 9 as AccessControl }), 'CHANGER_SET_ACCESS', /Control/);
  });

  it('refuses a short buffer', () => assertTooShort(decodeChangerSetAccess, 'CHANGER_SET_ACCESS', 12));

  it('round-trips any request', () => {
    const request = fc.record({ element: changerElement, control: fc.constantFrom(AccessControl.Lock, AccessControl.Unlock, AccessControl.ExtendIEPort, AccessControl.RetractIEPort) }, PLAIN);
    fc.assert(fc.property(request, (q) => assert.deepEqual(decodeChangerSetAccess(encodeChangerSetAccess(q)), q)));
  });

  it('decodes or refuses any bytes', () => assertDecodesOrRefuses(decodeChangerSetAccess, 24));
});
