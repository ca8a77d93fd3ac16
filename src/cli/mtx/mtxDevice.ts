import type { ElementStatus } from '../../driver/elementStatus.ts';
import type { ProductData } from '../../driver/productData.ts';
import type { ExchangeRequest, MoveRequest, PositionRequest } from '../../driver/requests.ts';

/**
 * What changer-mtx asks of a changer, whichever way it is reached: the class driver on a device
 * URL (classDriverDevice.ts), or a running manager on rsm:// (rsm/rsmMtxDevice.ts). Every
 * failure is a ChangerError, so the commands print mtx's messages the same way for both.
 */
export interface MtxDevice {
  /** Every element's status, with volume tags when `volumeTags` and the changer can read them. */
  readElementStatus(volumeTags: boolean): Promise<ElementStatus[]>;
  productData(): Promise<ProductData>;
  /** Re-read what every element holds, scanning bar codes where the changer has a reader. */
  inventory(): Promise<void>;
  moveMedium(request: MoveRequest): Promise<void>;
  exchangeMedium(request: ExchangeRequest): Promise<void>;
  setPosition(request: PositionRequest): Promise<void>;
  /** mtx `eject`: hand cartridges to the operator through the first import/export port. */
  presentPort(): Promise<void>;
  close(): Promise<void>;
}

/** How changer-mtx gets a device for a URL. */
export type MtxDeviceOpener = (url: string) => Promise<MtxDevice>;
