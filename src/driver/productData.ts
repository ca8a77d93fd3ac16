/** CHANGER_PRODUCT_DATA: INQUIRY identity of the changer plus its serial number. */
export interface ProductData {
  readonly vendorId: string;
  readonly productId: string;
  readonly revision: string;
  readonly serialNumber: string;
  /** Always MEDIUM_CHANGER (0x08) for a changer. */
  readonly deviceType: number;
}

export const MEDIUM_CHANGER_DEVICE_TYPE = 0x08;
