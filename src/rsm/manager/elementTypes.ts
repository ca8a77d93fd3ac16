// The two spellings of an element type: the driver's ElementType enum and the catalog's words.
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
 * How an operator standing at the library names a place: by the number on its front panel (slots
 * count from 1), which is not the zero-based index the API uses.
 */
export function placeOnPanel(place: Place, elements: readonly { readonly type: string; readonly index: number; readonly displayNumber: number }[]): string {
  const element = elements.find((e) => e.type === place.type && e.index === place.index);
  return element === undefined ? describePlace(place) : `${place.type} ${element.displayNumber}`;
}
