// Where a cartridge can be, in the driver's vocabulary (zero-based index per element type), so the
// scheduler, the catalog and the class driver name the same element the same way.

export type PlaceType = 'slot' | 'drive' | 'ieport' | 'transport';

export interface Place {
  readonly type: PlaceType;
  readonly index: number;
}

export function place(type: PlaceType, index: number): Place {
  return { type, index };
}

export function samePlace(a: Place, b: Place): boolean {
  return a.type === b.type && a.index === b.index;
}

export function formatPlace(p: Place): string {
  return `${p.type} ${p.index}`;
}
