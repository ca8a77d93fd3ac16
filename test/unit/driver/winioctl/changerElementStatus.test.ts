import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ElementStatusFlags, ExceptionCode } from '../../../../src/driver/elementStatus.ts';
import { ElementType } from '../../../../src/driver/elementType.ts';
import {
  CHANGER_ELEMENT_STATUS_EX_LENGTH,
  CHANGER_ELEMENT_STATUS_LENGTH,
  decodeChangerElementStatus,
  decodeChangerElementStatusEx,
  encodeChangerElementStatus,
  encodeChangerElementStatusEx,
} from '../../../../src/driver/winioctl/index.ts';
import { elementStatus } from './arbitraries.ts';
import { DRIVE_STATUS, DRIVE_STATUS_100, DRIVE_STATUS_156, DRIVE_STATUS_EX, SLOT_STATUS, SLOT_STATUS_100, SLOT_STATUS_156 } from './elementStatusFixtures.ts';
import { assertDecodesOrRefuses, assertFormatError, assertTooShort, atOffset, hex } from './fixtures.ts';

describe('CHANGER_ELEMENT_STATUS (100 bytes)', () => {
  it('is 100 bytes', () => {
    assert.equal(CHANGER_ELEMENT_STATUS_LENGTH, 100);
    assert.equal(DRIVE_STATUS_100.length, 100);
  });

  it('decodes a drive: source, flags, exception, SCSI id, bar code', () => {
    assert.deepEqual(decodeChangerElementStatus(DRIVE_STATUS_100), DRIVE_STATUS);
    assert.deepEqual(decodeChangerElementStatus(atOffset(DRIVE_STATUS_100)), DRIVE_STATUS);
  });

  it('decodes a slot', () => assert.deepEqual(decodeChangerElementStatus(SLOT_STATUS_100), SLOT_STATUS));

  it('encodes to the same bytes', () => {
    assert.deepEqual(encodeChangerElementStatus(DRIVE_STATUS), DRIVE_STATUS_100);
    assert.deepEqual(encodeChangerElementStatus(SLOT_STATUS), SLOT_STATUS_100);
  });

  it('trusts no unflagged member: source, tags without SVALID/PVOLTAG/AVOLTAG read as undefined', () => {
    const noisy = Uint8Array.from(SLOT_STATUS_100);
    noisy.set(hex`ff ff ff ff 07 00 00 00`, 8); // a SrcElementAddress no ELEMENT_TYPE names
    noisy.set(hex`01 00 00 00`, 16); // FULL only
    noisy.fill(0x41, 64, 100);
    const s = decodeChangerElementStatus(noisy);
    assert.equal(s.sourceElement, undefined);
    assert.equal(s.primaryVolumeId, undefined);
    assert.equal(s.alternateVolumeId, undefined);
  });

  it('refuses an SVALID source that names no ELEMENT_TYPE', () => {
    const bad = Uint8Array.from(DRIVE_STATUS_100);
    bad[8] = 0x08;
    assertFormatError(() => decodeChangerElementStatus(bad), 'CHANGER_ELEMENT_STATUS', /SrcElementAddress\.ElementType: 8/);
  });

  it('reads a tag that ends in NULs or carries a volume sequence number', () => {
    const nul = Uint8Array.from(SLOT_STATUS_100);
    nul.fill(0, 28 + 8, 64);
    assert.equal(decodeChangerElementStatus(nul).primaryVolumeId, 'XYZ999L7');
    const sequenced = Uint8Array.from(SLOT_STATUS_100);
    sequenced.set(hex`00 00 00 07`, 60);
    assert.equal(decodeChangerElementStatus(sequenced).primaryVolumeId, 'XYZ999L7');
  });

  it('writes an alternate tag under AVOLTAG, and an empty tag as spaces', () => {
    const twoSided = { ...SLOT_STATUS, flags: (SLOT_STATUS.flags | ElementStatusFlags.AVOLTAG) >>> 0, primaryVolumeId: '', alternateVolumeId: 'SIDE-B' };
    const bytes = encodeChangerElementStatus(twoSided);
    assert.deepEqual(bytes.subarray(16, 20), hex`09 00 00 30`);
    assert.deepEqual(bytes.subarray(28, 100), hex`20*32 00*4 53 49 44 45 2d 42 20*26 00*4`);
    assert.deepEqual(decodeChangerElementStatus(bytes), twoSided);
  });

  it('fills all 36 bytes with a 36-character volume ID and refuses a 37th', () => {
    const id = 'V'.repeat(36);
    const bytes = encodeChangerElementStatus({ ...SLOT_STATUS, primaryVolumeId: id });
    assert.deepEqual(bytes.subarray(28, 64), hex`56*36`);
    assert.equal(decodeChangerElementStatus(bytes).primaryVolumeId, id);
    assertFormatError(() => encodeChangerElementStatus({ ...SLOT_STATUS, primaryVolumeId: id + 'V' }), 'CHANGER_ELEMENT_STATUS', /PrimaryVolumeID: .* 37 characters, the field holds 36/);
  });

  it('refuses a flag whose member is missing', () => {
    assertFormatError(() => encodeChangerElementStatus({ ...DRIVE_STATUS, sourceElement: undefined }), 'CHANGER_ELEMENT_STATUS', /SrcElementAddress: ELEMENT_STATUS_SVALID is set/);
    assertFormatError(() => encodeChangerElementStatus({ ...DRIVE_STATUS, primaryVolumeId: undefined }), 'CHANGER_ELEMENT_STATUS', /PrimaryVolumeID: ELEMENT_STATUS_PVOLTAG is set/);
    assertFormatError(
      () => encodeChangerElementStatus({ ...SLOT_STATUS, flags: SLOT_STATUS.flags | ElementStatusFlags.AVOLTAG }),
      'CHANGER_ELEMENT_STATUS',
      /AlternateVolumeID: ELEMENT_STATUS_AVOLTAG is set/,
    );
  });

  it('writes an unflagged member, which then reads back as undefined', () => {
    const unflagged = { ...SLOT_STATUS, sourceElement: { type: ElementType.IEPort, index: 3 } };
    const bytes = encodeChangerElementStatus(unflagged);
    assert.deepEqual(bytes.subarray(8, 16), hex`03 00 00 00 03 00 00 00`);
    assert.equal(decodeChangerElementStatus(bytes).sourceElement, undefined);
  });

  it('keeps an ExceptionCode outside the ERROR_* values as read', () => {
    const odd = Uint8Array.from(DRIVE_STATUS_100);
    odd.set(hex`34 12 00 00`, 20);
    assert.equal(decodeChangerElementStatus(odd).exceptionCode, 0x1234);
    assert.deepEqual(encodeChangerElementStatus({ ...DRIVE_STATUS, exceptionCode: ExceptionCode.UnhandledError }).subarray(20, 24), hex`ff ff ff ff`);
  });

  it('has no room for the model’s asc/ascq or drive identity, and clears PRODUCT_DATA', () => {
    const bytes = encodeChangerElementStatus({ ...DRIVE_STATUS_EX, asc: 0x83, ascq: 0x04 });
    assert.deepEqual(bytes, DRIVE_STATUS_100);
  });

  it('refuses fields that do not fit', () => {
    assertFormatError(() => encodeChangerElementStatus({ ...DRIVE_STATUS, targetId: 256 }), 'CHANGER_ELEMENT_STATUS', /TargetId: 256 does not fit a UCHAR/);
    assertFormatError(() => encodeChangerElementStatus({ ...DRIVE_STATUS, lun: -1 }), 'CHANGER_ELEMENT_STATUS', /Lun/);
    assertFormatError(() => encodeChangerElementStatus({ ...DRIVE_STATUS, flags: 2 ** 32 }), 'CHANGER_ELEMENT_STATUS', /Flags/);
    assertFormatError(() => encodeChangerElementStatus({ ...DRIVE_STATUS, primaryVolumeId: 'ÄBC' }), 'CHANGER_ELEMENT_STATUS', /PrimaryVolumeID: .*printable ASCII/);
  });

  it('refuses a short buffer', () => assertTooShort(decodeChangerElementStatus, 'CHANGER_ELEMENT_STATUS', 100));

  it('round-trips any status without a drive identity', () => {
    fc.assert(fc.property(elementStatus(false), (s) => assert.deepEqual(decodeChangerElementStatus(encodeChangerElementStatus(s)), s)));
  });

  it('decodes or refuses any bytes', () => assertDecodesOrRefuses(decodeChangerElementStatus, 140));
});

describe('CHANGER_ELEMENT_STATUS_EX (156 bytes)', () => {
  it('is 156 bytes', () => {
    assert.equal(CHANGER_ELEMENT_STATUS_EX_LENGTH, 156);
    assert.equal(DRIVE_STATUS_156.length, 156);
  });

  it('decodes a drive with its identity under PRODUCT_DATA', () => assert.deepEqual(decodeChangerElementStatusEx(DRIVE_STATUS_156), DRIVE_STATUS_EX));

  it('decodes a slot, whose tail is zero', () => assert.deepEqual(decodeChangerElementStatusEx(SLOT_STATUS_156), SLOT_STATUS));

  it('encodes to the same bytes', () => {
    assert.deepEqual(encodeChangerElementStatusEx(DRIVE_STATUS_EX), DRIVE_STATUS_156);
    assert.deepEqual(encodeChangerElementStatusEx(SLOT_STATUS), SLOT_STATUS_156);
  });

  it('begins with exactly the 100-byte form', () => {
    assert.deepEqual(encodeChangerElementStatusEx(DRIVE_STATUS).subarray(0, 100), DRIVE_STATUS_100);
  });

  it('reads an identity without PRODUCT_DATA as undefined', () => {
    const unflagged = Uint8Array.from(DRIVE_STATUS_156);
    unflagged[16] = 0x0d;
    assert.deepEqual(decodeChangerElementStatusEx(unflagged), DRIVE_STATUS);
  });

  it('refuses PRODUCT_DATA without an identity, and identity fields too long', () => {
    assertFormatError(() => encodeChangerElementStatusEx({ ...DRIVE_STATUS_EX, driveIdentity: undefined }), 'CHANGER_ELEMENT_STATUS_EX', /ELEMENT_STATUS_PRODUCT_DATA is set/);
    assertFormatError(
      () => encodeChangerElementStatusEx({ ...DRIVE_STATUS_EX, driveIdentity: { vendorId: 'IBM', productId: 'ULTRIUM-HH9-TAPE-DRIVE', serialNumber: '1' } }),
      'CHANGER_ELEMENT_STATUS_EX',
      /ProductIdentification: .* 22 characters, the field holds 16/,
    );
  });

  it('refuses a short buffer', () => assertTooShort(decodeChangerElementStatusEx, 'CHANGER_ELEMENT_STATUS_EX', 156));

  it('round-trips any status', () => {
    fc.assert(fc.property(elementStatus(true), (s) => assert.deepEqual(decodeChangerElementStatusEx(encodeChangerElementStatusEx(s)), s)));
  });

  it('decodes or refuses any bytes', () => assertDecodesOrRefuses(decodeChangerElementStatusEx, 200));
});
