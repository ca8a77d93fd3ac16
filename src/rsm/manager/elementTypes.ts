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
