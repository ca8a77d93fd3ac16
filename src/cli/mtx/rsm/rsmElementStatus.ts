import type { ChangerElement } from '../../../driver/changerElement.ts';
import { ElementStatusFlags, ExceptionCode, type ElementStatus } from '../../../driver/elementStatus.ts';
import { elementOf } from '../../../driver/elementPlace.ts';
import { ElementType } from '../../../driver/elementType.ts';
import type { Element } from '../../../rsm/catalog/index.ts';
import type { LibraryDetail, MediumView } from '../../../rsm/service.ts';
import { isPlaceType, placeKey, type PlaceType } from '../../../shared/place.ts';

function isMediaElement(e: Element): e is Element & { readonly type: PlaceType } {
  return isPlaceType(e.type);
}

/**
 * The manager's view of a library (its elements and the media the catalog places in them) as the
 * element statuses a READ ELEMENT STATUS would have returned, so changer-mtx renders `status`
 * and checks its commands with the same code whether it reaches the changer or the manager.
 *
 * - full: a medium is there, or the library last reported the element full (an unlabelled
 *   cartridge the catalog has no row for);
 * - the volume tag: the medium's barcode, when tags are asked for;
 * - a drive's source (SValid): the medium's home slot, the slot the manager sends it back to —
 *   the catalog keeps no raw "last source address".
 */
export function elementStatusFromCatalog(library: LibraryDetail, media: readonly MediumView[], volumeTags: boolean): ElementStatus[] {
  const at = new Map<string, MediumView>();
  for (const m of media) if (m.location.type !== 'outside') at.set(placeKey(m.location), m);
  return library.elements.filter(isMediaElement).map((e) => {
    const medium = at.get(placeKey(e));
    const full = medium !== undefined || e.state === 'full';
    const tag = volumeTags && medium !== undefined && medium.barcode !== null ? medium.barcode : undefined;
    const source: ChangerElement | undefined = e.type === 'drive' && medium?.homeSlot !== null && medium?.homeSlot !== undefined ? { type: ElementType.Slot, index: medium.homeSlot } : undefined;
    let flags: number = ElementStatusFlags.ACCESS;
    if (full) flags |= ElementStatusFlags.FULL;
    if (tag !== undefined) flags |= ElementStatusFlags.PVOLTAG;
    if (source !== undefined) flags |= ElementStatusFlags.SVALID;
    return {
      element: elementOf(e),
      sourceElement: source,
      flags,
      exceptionCode: ExceptionCode.None,
      targetId: 0,
      lun: 0,
      primaryVolumeId: tag,
      alternateVolumeId: undefined,
      driveIdentity: undefined,
    };
  });
}
