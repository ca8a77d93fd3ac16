// The shape of a library as the catalog records it: how many elements of each type, and how
// people number them. The manager builds it from GET_CHANGER_PARAMETERS and the product data.
import { cleanerSlotIndex, slotCount, type ChangerParameters } from '../../driver/changerParameters.ts';
import type { ProductData } from '../../driver/productData.ts';

export interface ElementRange {
  readonly count: number;
  /** Display number of index 0 (First*Number); 0 when not given. */
  readonly firstNumber?: number;
}

export interface LibraryProduct {
  readonly vendorId: string;
  readonly productId: string;
  readonly revision: string;
  readonly serialNumber: string;
}

export interface LibraryLayout {
  /** Unique per catalog: the name operators and `rsm://host/<library>` use. */
  readonly name: string;
  readonly deviceUrl: string;
  readonly profile?: string | null;
  readonly product?: LibraryProduct | null;
  readonly transports: ElementRange;
  /** `magazineSize` groups slots into removable magazines: slot i is in magazine ⌊i / size⌋. */
  readonly slots: ElementRange & { readonly magazineSize?: number };
  readonly ieports: ElementRange;
  readonly drives: ElementRange;
  readonly doors: number;
  /** Zero-based slot reserved for the cleaner, if the library has one. */
  readonly cleanerSlot?: number | null;
}

export function layoutFromParameters(
  name: string,
  deviceUrl: string,
  parameters: ChangerParameters,
  product?: ProductData,
  profile?: string,
): LibraryLayout {
  return {
    name,
    deviceUrl,
    profile: profile ?? null,
    product: product
      ? { vendorId: product.vendorId, productId: product.productId, revision: product.revision, serialNumber: product.serialNumber }
      : null,
    transports: { count: parameters.numberTransportElements, firstNumber: parameters.firstTransportNumber },
    slots: { count: slotCount(parameters), firstNumber: parameters.firstSlotNumber, magazineSize: parameters.magazineSize },
    ieports: { count: parameters.numberIEElements, firstNumber: parameters.firstIEPortNumber },
    drives: { count: parameters.numberDataTransferElements, firstNumber: parameters.firstDriveNumber },
    doors: parameters.numberOfDoors,
    cleanerSlot: cleanerSlotIndex(parameters),
  };
}
