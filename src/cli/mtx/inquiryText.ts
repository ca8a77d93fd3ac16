import type { ProductData } from '../../driver/productData.ts';

/** mtx's names for the peripheral device types 00h–1Fh, which `inquiry` prints as they are. */
const PERIPHERAL_DEVICE_TYPES: readonly string[] = [
  'Disk Drive', 'Tape Drive', 'Printer', 'Processor', 'Write-once', 'CD-ROM', 'Scanner', 'Optical',
  'Medium Changer', 'Communications', 'ASC IT8', 'ASC IT8', 'RAID Array', 'Enclosure Services', 'RBC Simplified Disk', 'OCR/W',
  'Bridging Expander', ...Array<string>(14).fill('Reserved'), 'Unknown',
];

/** INQUIRY fields are fixed-width and space padded; mtx prints every byte between the quotes. */
function field(text: string, width: number): string {
  return text.padEnd(width, ' ').slice(0, width);
}

/**
 * The text of `mtx inquiry`. "Attached Changer API" reports the INQUIRY MChngr bit (a tape
 * drive with a changer behind it); a changer reached through the class driver is the changer
 * itself, so it is always No.
 */
export function formatInquiry(product: ProductData): string {
  const type = PERIPHERAL_DEVICE_TYPES[product.deviceType & 0x1f] ?? 'Unknown';
  return [
    `Product Type: ${type}`,
    `Vendor ID: '${field(product.vendorId, 8)}'`,
    `Product ID: '${field(product.productId, 16)}'`,
    `Revision: '${field(product.revision, 4)}'`,
    'Attached Changer API: No',
  ].join('\n') + '\n';
}
