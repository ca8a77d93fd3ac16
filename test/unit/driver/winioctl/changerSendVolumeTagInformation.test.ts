import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ElementType } from '../../../../src/driver/elementType.ts';
import { VolumeTagAction } from '../../../../src/driver/requests.ts';
import {
  CHANGER_SEND_VOLUME_TAG_INFORMATION_LENGTH,
  decodeChangerSendVolumeTagInformation,
  encodeChangerSendVolumeTagInformation,
} from '../../../../src/driver/winioctl/index.ts';
import { asciiText, changerElement, PLAIN } from './arbitraries.ts';
import { assertDecodesOrRefuses, assertFormatError, assertTooShort, hex } from './fixtures.ts';

// The template field is the SEND VOLUME TAG parameter list: 32 bytes of space-padded template,
// then reserved bytes and minimum/maximum sequence numbers, zero here.
const SEARCH_ABC = hex`
  02 00 00 00 00 00 00 00   // StartingElement = slot 0
  05 00 00 00               // ActionCode = SEARCH_PRI_NO_SEQ
  41 42 43 2a 20*28         // VolumeIDTemplate[0..31] "ABC*"
  00*8                      // VolumeIDTemplate[32..39]
`;

const VALUES = { startingElement: { type: ElementType.Slot, index: 0 }, action: VolumeTagAction.SearchPrimaryNoSeq, template: 'ABC*' };

const ACTIONS = [0x0, 0x1, 0x2, 0x4, 0x5, 0x6, 0x8, 0x9, 0xa, 0xb, 0xc, 0xd] as VolumeTagAction[];

describe('CHANGER_SEND_VOLUME_TAG_INFORMATION (52 bytes)', () => {
  it('is 52 bytes with a 40-byte template', () => {
    assert.equal(CHANGER_SEND_VOLUME_TAG_INFORMATION_LENGTH, 52);
    assert.equal(SEARCH_ABC.length, 52);
  });

  it('decodes element, action and template', () => assert.deepEqual(decodeChangerSendVolumeTagInformation(SEARCH_ABC), VALUES));

  it('encodes to the same bytes', () => assert.deepEqual(encodeChangerSendVolumeTagInformation(VALUES), SEARCH_ABC));

  it('lets a template run past 32 characters into the rest of the 40-byte field', () => {
    const long = 'L'.repeat(38);
    const bytes = encodeChangerSendVolumeTagInformation({ ...VALUES, action: VolumeTagAction.ReplacePrimary, template: long });
    assert.deepEqual(bytes.subarray(8), hex`0a 00 00 00 4c*38 00 00`);
    assert.equal(decodeChangerSendVolumeTagInformation(bytes).template, long);
    assertFormatError(() => encodeChangerSendVolumeTagInformation({ ...VALUES, template: 'L'.repeat(41) }), 'CHANGER_SEND_VOLUME_TAG_INFORMATION', /VolumeIDTemplate: .* 41 characters, the field holds 40/);
  });

  it('refuses the unassigned action codes 3, 7 and past 0xD', () => {
    for (const code of [3, 7, 0x0e, 0x1c]) {
      const bytes = Uint8Array.from(SEARCH_ABC);
      bytes[8] = code;
      assertFormatError(() => decodeChangerSendVolumeTagInformation(bytes), 'CHANGER_SEND_VOLUME_TAG_INFORMATION', new RegExp(`ActionCode: ${code} is not`));
      assertFormatError(() => encodeChangerSendVolumeTagInformation({ ...VALUES, action: code as VolumeTagAction }), 'CHANGER_SEND_VOLUME_TAG_INFORMATION', /ActionCode/);
    }
  });

  it('refuses a short buffer', () => assertTooShort(decodeChangerSendVolumeTagInformation, 'CHANGER_SEND_VOLUME_TAG_INFORMATION', 52));

  it('round-trips any query', () => {
    const query = fc.record({ startingElement: changerElement, action: fc.constantFrom(...ACTIONS), template: asciiText(40) }, PLAIN);
    fc.assert(fc.property(query, (q) => assert.deepEqual(decodeChangerSendVolumeTagInformation(encodeChangerSendVolumeTagInformation(q)), q)));
  });

  it('decodes or refuses any bytes', () => assertDecodesOrRefuses(decodeChangerSendVolumeTagInformation, 80));
});
