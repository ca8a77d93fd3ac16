// The two spellings of an element type: the driver's ElementType enum and the catalog's words.
import { displayNumber, type ChangerParameters } from '../../driver/changerParameters.ts';
import { ElementType, type MediaElementType } from '../../driver/elementType.ts';
import type { MediumElementType } from '../catalog/index.ts';

const TO_DRIVER: Record<MediumElementType, MediaElementType> = {
  transport: ElementType.Transport,
  slot: ElementType.Slot,
  ieport: ElementType.IEPort,
  drive: ElementType.Drive,
};

export function driverType(type: MediumElementType): MediaElementType {
  return TO_DRIVER[type];
}

export function catalogType(type: ElementType): MediumElementType | undefined {
  switch (type) {
    case ElementType.Transport:
      return 'transport';
    case ElementType.Slot:
      return 'slot';
    case ElementType.IEPort:
      return 'ieport';
    case ElementType.Drive:
      return 'drive';
    default:
      return undefined;
  }
}

/** An element inside the library, as the catalog names it. */
export interface Place {
  readonly type: MediumElementType;
  readonly index: number;
}

export function placeKey(place: Place): string {
  return `${place.type}:${place.index}`;
}

export function describePlace(place: Place): string {
  return `${place.type} ${place.index}`;
}

/**
 * How people name a place in every text the manager writes (request notes, events, operator
 * messages, errors): `slot:10`, the library's own display number — the number on its front panel
 * and in `changer status` — never the zero-based index the API's fields carry. The element rows
 * come from the catalog; a place they lack is named by its index, said as such.
 */
export function placeOnPanel(place: Place, elements: readonly { readonly type: string; readonly index: number; readonly displayNumber: number }[]): string {
  const element = elements.find((e) => e.type === place.type && e.index === place.index);
  return element === undefined ? `${place.type} index ${place.index}` : `${place.type}:${element.displayNumber}`;
}

/** placeOnPanel for a library whose changer parameters are at hand (display number = First*Number + index). */
export function placeByParameters(place: Place, parameters: ChangerParameters | undefined): string {
  return parameters === undefined ? `${place.type} index ${place.index}` : `${place.type}:${displayNumber(parameters, driverType(place.type), place.index)}`;
}
