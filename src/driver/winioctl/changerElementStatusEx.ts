import type { DriveIdentity, ElementStatus } from '../elementStatus.ts';
import { ElementStatusFlags } from '../elementStatus.ts';
import { readAsciiField, writeSpacePadded } from './asciiField.ts';
import { PRODUCT_ID_LENGTH, SERIAL_NUMBER_LENGTH, VENDOR_ID_LENGTH } from './changerProductData.ts';
import { hasStatusFlag, readElementStatusHead, writeElementStatusHead } from './changerElementStatus.ts';
import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { requireLength } from './winIoctlFormatError.ts';

/** sizeof(CHANGER_ELEMENT_STATUS_EX): the 100-byte status plus the drive's identity (§3.8). */
export const CHANGER_ELEMENT_STATUS_EX_LENGTH = 156;

const STRUCTURE = 'CHANGER_ELEMENT_STATUS_EX';
const IDENTITY_LENGTH = VENDOR_ID_LENGTH + PRODUCT_ID_LENGTH + SERIAL_NUMBER_LENGTH;

/**
 * The tail follows the rule of the head's flagged members: ELEMENT_STATUS_PRODUCT_DATA without a
 * driveIdentity throws; an identity without the flag is written but reads back as undefined.
 * Entries of other element types simply carry a zero tail (AllElements results use this stride too).
 */
export function writeChangerElementStatusEx(w: LeWriter, s: ElementStatus): void {
  writeElementStatusHead(w, s, s.flags);
  const id = s.driveIdentity;
  if (id === undefined) {
    if (hasStatusFlag(s.flags, ElementStatusFlags.PRODUCT_DATA)) throw w.invalid('SerialNumber', 'ELEMENT_STATUS_PRODUCT_DATA is set but the drive identity is missing');
    w.skip(IDENTITY_LENGTH);
    return;
  }
  writeSpacePadded(w, id.vendorId, VENDOR_ID_LENGTH, 'VendorIdentification');
  writeSpacePadded(w, id.productId, PRODUCT_ID_LENGTH, 'ProductIdentification');
  writeSpacePadded(w, id.serialNumber, SERIAL_NUMBER_LENGTH, 'SerialNumber');
}

export function readChangerElementStatusEx(r: LeReader): ElementStatus {
  const head = readElementStatusHead(r);
  const identity: DriveIdentity = {
    vendorId: readAsciiField(r, VENDOR_ID_LENGTH),
    productId: readAsciiField(r, PRODUCT_ID_LENGTH),
    serialNumber: readAsciiField(r, SERIAL_NUMBER_LENGTH),
  };
  return { ...head, driveIdentity: hasStatusFlag(head.flags, ElementStatusFlags.PRODUCT_DATA) ? identity : undefined };
}

export function encodeChangerElementStatusEx(s: ElementStatus): Uint8Array {
  const w = new LeWriter(STRUCTURE, CHANGER_ELEMENT_STATUS_EX_LENGTH);
  writeChangerElementStatusEx(w, s);
  return w.finish();
}

export function decodeChangerElementStatusEx(bytes: Uint8Array): ElementStatus {
  requireLength(STRUCTURE, bytes, CHANGER_ELEMENT_STATUS_EX_LENGTH);
  return readChangerElementStatusEx(new LeReader(STRUCTURE, bytes));
}
