// What the library says it holds, element by element (READ ELEMENT STATUS with volume tags):
// the one source of truth the catalog is reconciled against.
import type { Changer } from '../../../driver/changer.ts';
import { elementCount } from '../../../driver/changerParameters.ts';
import { ElementStatusFlags, ExceptionCode, hasFlag, isFull, type DriveIdentity, type ElementStatus } from '../../../driver/elementStatus.ts';
import { placeOf } from '../../../driver/elementPlace.ts';
import { ElementType } from '../../../driver/elementType.ts';
import type { Place } from '../../../shared/place.ts';
import { Features0, hasFeature } from '../../../driver/features.ts';

export interface ElementObservation {
  readonly place: Place;
  /** `not-present`: the element is out of the robot's world (pulled magazine): its contents are unknown. */
  readonly state: 'full' | 'empty' | 'not-present';
  /** The label read, for a full element whose label could be read. */
  readonly barcode: string | null;
  /** Full, but the reader could not read a label (none, or damaged). */
  readonly unlabelled: boolean;
  /** The slot a cartridge came from (SVALID), where the library knows it. */
  readonly sourceSlot: number | null;
  readonly accessible: boolean;
  readonly driveIdentity: DriveIdentity | undefined;
  /**
   * The other side's volume tag of a two-sided cartridge (alternate volume tag), reported only by
   * libraries that turn media over (MEDIUM_FLIP); absent elsewhere (twoSidedMedia.ts).
   */
  readonly alternateBarcode?: string | null;
}

export function hasBarcodeReader(changer: Changer): boolean {
  const p = changer.cachedParameters;
  return hasFeature(p.features0, Features0.BAR_CODE_SCANNER_INSTALLED) || hasFeature(p.features0, Features0.VOLUME_IDENTIFICATION);
}

function toObservation(status: ElementStatus, flips: boolean): ElementObservation | undefined {
  const place = placeOf(status.element);
  if (place === undefined) return undefined;
  const notPresent = status.exceptionCode === ExceptionCode.SlotNotPresent;
  const full = !notPresent && isFull(status);
  const label = status.primaryVolumeId?.trim() ?? '';
  const barcode = full && label !== '' && status.exceptionCode !== ExceptionCode.LabelUnreadable ? label : null;
  const source = status.sourceElement;
  return {
    place,
    state: notPresent ? 'not-present' : full ? 'full' : 'empty',
    barcode,
    unlabelled: full && barcode === null,
    sourceSlot: source !== undefined && source.type === ElementType.Slot ? source.index : null,
    accessible: hasFlag(status, ElementStatusFlags.ACCESS),
    driveIdentity: status.driveIdentity,
    ...(flips && barcode !== null ? { alternateBarcode: status.alternateVolumeId?.trim() || null } : {}),
  };
}

/** Every medium-holding element of the library, with volume tags when the library can read them. */
export async function observeLibrary(changer: Changer): Promise<ElementObservation[]> {
  const total = elementCount(changer.cachedParameters, ElementType.AllElements);
  if (total === 0) return [];
  const statuses = await changer.getElementStatus({ element: { type: ElementType.AllElements, index: 0 }, count: total, volumeTagInfo: hasBarcodeReader(changer) });
  const flips = hasFeature(changer.cachedParameters.features0, Features0.MEDIUM_FLIP);
  return statuses.map((s) => toObservation(s, flips)).filter((o): o is ElementObservation => o !== undefined);
}
