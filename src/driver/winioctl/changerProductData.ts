import type { ProductData } from '../productData.ts';
import { readAsciiField, writeSpacePadded } from './asciiField.ts';
import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { requireLength } from './winIoctlFormatError.ts';

/** sizeof(CHANGER_PRODUCT_DATA): all UCHAR, so no alignment padding (§3.5). */
export const CHANGER_PRODUCT_DATA_LENGTH = 61;

/** VENDOR_ID_LENGTH, PRODUCT_ID_LENGTH, REVISION_LENGTH, SERIAL_NUMBER_LENGTH (§3.1). */
export const VENDOR_ID_LENGTH = 8;
export const PRODUCT_ID_LENGTH = 16;
export const REVISION_LENGTH = 4;
export const SERIAL_NUMBER_LENGTH = 32;

const STRUCTURE = 'CHANGER_PRODUCT_DATA';

export function encodeChangerProductData(p: ProductData): Uint8Array {
  const w = new LeWriter(STRUCTURE, CHANGER_PRODUCT_DATA_LENGTH);
  writeSpacePadded(w, p.vendorId, VENDOR_ID_LENGTH, 'VendorId');
  writeSpacePadded(w, p.productId, PRODUCT_ID_LENGTH, 'ProductId');
  writeSpacePadded(w, p.revision, REVISION_LENGTH, 'Revision');
  writeSpacePadded(w, p.serialNumber, SERIAL_NUMBER_LENGTH, 'SerialNumber');
  w.u8(p.deviceType, 'DeviceType');
  return w.finish();
}

export function decodeChangerProductData(bytes: Uint8Array): ProductData {
  requireLength(STRUCTURE, bytes, CHANGER_PRODUCT_DATA_LENGTH);
  const r = new LeReader(STRUCTURE, bytes);
  return {
    vendorId: readAsciiField(r, VENDOR_ID_LENGTH),
    productId: readAsciiField(r, PRODUCT_ID_LENGTH),
    revision: readAsciiField(r, REVISION_LENGTH),
    serialNumber: readAsciiField(r, SERIAL_NUMBER_LENGTH),
    deviceType: r.u8(),
  };
}
