import type { Changer } from '../../driver/changer.ts';
import { isChangerError } from '../../shared/changerError.ts';
import { elementCount } from '../../driver/changerParameters.ts';
import type { ElementStatus } from '../../driver/elementStatus.ts';
import { ElementType } from '../../driver/elementType.ts';
import { Features0, hasFeature } from '../../driver/features.ts';
import { AccessControl } from '../../driver/requests.ts';
import type { MtxDevice } from './mtxDevice.ts';

/** changer-mtx on the class driver: the changer itself, opened exclusively for the run. */
export function classDriverDevice(changer: Changer): MtxDevice {
  return {
    readElementStatus: (volumeTags) => readElementStatus(changer, volumeTags),
    productData: () => changer.getProductData(),
    async inventory() {
      const p = await changer.getParameters();
      const barCodeScan = hasFeature(p.features0, Features0.BAR_CODE_SCANNER_INSTALLED);
      await changer.initializeElementStatus({ element: { type: ElementType.AllElements, index: 0 }, count: elementCount(p, ElementType.AllElements), barCodeScan });
    },
    moveMedium: (request) => changer.moveMedium(request),
    exchangeMedium: (request) => changer.exchangeMedium(request),
    setPosition: (request) => changer.setPosition(request),
    presentPort: () => changer.setAccess({ type: ElementType.IEPort, index: 0 }, AccessControl.ExtendIEPort),
    close: () => changer.close(),
  };
}

/**
 * Volume tags only from a changer that can read them. As mtx does, a device that refuses the
 * tagged read is asked again without tags.
 */
async function readElementStatus(changer: Changer, volumeTags: boolean): Promise<ElementStatus[]> {
  const p = await changer.getParameters();
  const canTag = hasFeature(p.features0, Features0.BAR_CODE_SCANNER_INSTALLED) || hasFeature(p.features0, Features0.VOLUME_IDENTIFICATION);
  const query = (volumeTagInfo: boolean): Promise<ElementStatus[]> =>
    changer.getElementStatus({ element: { type: ElementType.AllElements, index: 0 }, count: elementCount(p, ElementType.AllElements), volumeTagInfo });
  const tagged = canTag && volumeTags;
  try {
    return await query(tagged);
  } catch (e) {
    if (!tagged || !isChangerError(e) || (e.sense?.key ?? 0) <= 1) throw e;
    return await query(false);
  }
}
