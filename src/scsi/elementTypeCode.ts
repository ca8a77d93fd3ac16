/**
 * SMC element type codes (smc.md §0). src/scsi keeps its own copy rather than importing the
 * driver's ElementType: this layer sits below the driver and the two only happen to agree on 0–4.
 */
export const ElementTypeCode = {
  ALL: 0,
  MEDIUM_TRANSPORT: 1,
  STORAGE: 2,
  IMPORT_EXPORT: 3,
  DATA_TRANSFER: 4,
} as const;

export type ElementTypeCode = (typeof ElementTypeCode)[keyof typeof ElementTypeCode];
/** The four types that have element addresses and appear in element status pages. */
export type AddressableElementTypeCode = Exclude<ElementTypeCode, 0>;

export function isElementTypeCode(value: number): value is ElementTypeCode {
  return Number.isInteger(value) && value >= 0 && value <= 4;
}

export function isAddressableElementTypeCode(value: number): value is AddressableElementTypeCode {
  return Number.isInteger(value) && value >= 1 && value <= 4;
}
