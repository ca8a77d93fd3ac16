import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MEDIUM_CHANGER_DEVICE_TYPE, type ProductData } from '../../../../src/driver/productData.ts';
import { CHANGER_PRODUCT_DATA_LENGTH, decodeChangerProductData, encodeChangerProductData } from '../../../../src/driver/winioctl/index.ts';
import { asciiText, PLAIN, u8 } from './arbitraries.ts';
import { assertDecodesOrRefuses, assertFormatError, assertTooShort, atOffset, hex } from './fixtures.ts';

const MSL = hex`
  48 50 20*6                                    // 0  VendorId "HP"
  4d 53 4c 20 47 33 20 53 65 72 69 65 73 20*3   // 8  ProductId "MSL G3 Series"
  45 2e 30 30                                   // 24 Revision "E.00"
  44 45 43 31 32 33 34 35 41 42 20*22           // 28 SerialNumber "DEC12345AB"
  08                                            // 60 DeviceType = MEDIUM_CHANGER
`;

const MSL_VALUES: ProductData = { vendorId: 'HP', productId: 'MSL G3 Series', revision: 'E.00', serialNumber: 'DEC12345AB', deviceType: MEDIUM_CHANGER_DEVICE_TYPE };

describe('CHANGER_PRODUCT_DATA (61 bytes)', () => {
  it('is 61 bytes, no alignment padding', () => {
    assert.equal(CHANGER_PRODUCT_DATA_LENGTH, 61);
    assert.equal(MSL.length, 61);
  });

  it('decodes space-padded fields without their padding', () => {
    assert.deepEqual(decodeChangerProductData(MSL), MSL_VALUES);
    assert.deepEqual(decodeChangerProductData(atOffset(MSL)), MSL_VALUES);
  });

  it('encodes space padded, never NUL terminated', () => {
    const bytes = encodeChangerProductData(MSL_VALUES);
    assert.deepEqual(bytes, MSL);
    assert.equal(bytes.subarray(0, 60).indexOf(0), -1);
  });

  it('fills a field exactly when the text is as long as the field', () => {
    const full = encodeChangerProductData({ ...MSL_VALUES, vendorId: 'QUANTUM ', productId: 'Scalar i6000 LTO' });
    assert.deepEqual(full.subarray(0, 24), hex`51 55 41 4e 54 55 4d 20 53 63 61 6c 61 72 20 69 36 30 30 30 20 4c 54 4f`);
  });

  it('also reads NUL padding (a zeroed buffer a miniclass filled short) and keeps leading spaces', () => {
    const nul = Uint8Array.from(MSL);
    nul.fill(0, 28 + 10, 60);
    nul.set(hex`20 20 31 30`, 24);
    assert.deepEqual(decodeChangerProductData(nul), { ...MSL_VALUES, revision: '  10' });
  });

  it('refuses text longer than its field or outside printable ASCII', () => {
    assertFormatError(() => encodeChangerProductData({ ...MSL_VALUES, vendorId: 'HEWLETTPK' }), 'CHANGER_PRODUCT_DATA', /VendorId: "HEWLETTPK" is 9 characters, the field holds 8/);
    assertFormatError(() => encodeChangerProductData({ ...MSL_VALUES, revision: 'v1.00' }), 'CHANGER_PRODUCT_DATA', /Revision/);
    assertFormatError(() => encodeChangerProductData({ ...MSL_VALUES, serialNumber: 'DÉC' }), 'CHANGER_PRODUCT_DATA', /SerialNumber: .* outside printable ASCII/);
    assertFormatError(() => encodeChangerProductData({ ...MSL_VALUES, productId: 'a\0b' }), 'CHANGER_PRODUCT_DATA', /ProductId/);
  });

  it('refuses a DeviceType that is no UCHAR', () => {
    assertFormatError(() => encodeChangerProductData({ ...MSL_VALUES, deviceType: 0x108 }), 'CHANGER_PRODUCT_DATA', /DeviceType: 264 does not fit a UCHAR/);
  });

  it('refuses a short buffer', () => assertTooShort(decodeChangerProductData, 'CHANGER_PRODUCT_DATA', 61));

  it('round-trips any product data', () => {
    const productData = fc.record(
      { vendorId: asciiText(8), productId: asciiText(16), revision: asciiText(4), serialNumber: asciiText(32), deviceType: u8 },
      PLAIN,
    );
    fc.assert(fc.property(productData, (p) => assert.deepEqual(decodeChangerProductData(encodeChangerProductData(p)), p)));
  });

  it('decodes or refuses any bytes', () => assertDecodesOrRefuses(decodeChangerProductData, 80));
});
