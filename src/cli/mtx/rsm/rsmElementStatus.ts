import type { ChangerElement } from '../../../driver/changerElement.ts';
import { ElementStatusFlags, ExceptionCode, type ElementStatus } from '../../../driver/elementStatus.ts';
import { ElementType } from '../../../driver/elementType.ts';
import type { Element } from '../../../rsm/catalog/index.ts';
import type { LibraryDetail, MediumView } from '../../../rsm/service.ts';

/** The catalog's element words and the driver's element types, for the four that hold media. */
export const CATALOG_TO_DRIVER = { transport: ElementType.Transport, slot: ElementType.Slot, ieport: ElementType.IEPort, drive: ElementType.Drive } as const;
export type CatalogMediaType = keyof typeof CATALOG_TO_DRIVER;

export function catalogElementType(type: ElementType): CatalogMediaType | undefined {
  const found = (Object.keys(CATALOG_TO_DRIVER) as CatalogMediaType[]).find((k) => CATALOG_TO_DRIVER[k] === type);
  return found;
}

function isMediaElement(e: Element): e is Element & { readonly type: CatalogMediaType } {
  return Object.hasOwn(CATALOG_TO_DRIVER, e.type);
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
  for (const m of media) if (m.location.type !== 'outside') at.set(`${m.location.type}:${m.location.index}`, m);
  return library.elements.filter(isMediaElement).map((e) => {
    const medium = at.get(`${e.type}:${e.index}`);
    const full = medium !== undefined || e.state === 'full';
    const tag = volumeTags && medium !== undefined && medium.barcode !== null ? medium.barcode : undefined;
    const source: ChangerElement | undefined = e.type === 'drive' && medium?.homeSlot !== null && medium?.homeSlot !== undefined ? { type: ElementType.Slot, index: medium.homeSlot } : undefined;
    let flags: number = ElementStatusFlags.ACCESS;
    if (full) flags |= ElementStatusFlags.FULL;
    if (tag !== undefined) flags |= ElementStatusFlags.PVOLTAG;
    if (source !== undefined) flags |= ElementStatusFlags.SVALID;
    return {
      element: { type: CATALOG_TO_DRIVER[e.type], index: e.index },
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
