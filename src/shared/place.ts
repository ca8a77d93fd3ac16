/**
 * A place in the library: one element that can hold a cartridge, named by its type and its
 * zero-based index within that type ("slot 17", "drive 0"), as in the Windows model (DESIGN §1).
 * The one vocabulary for "where" above the driver: the scheduler moves between places, the catalog
 * stores a medium's location as one, the API's JSON carries one, the web page keys its map by one.
 *
 * It lives in shared/ (DESIGN §2: "element places"), not among the driver's types, because the
 * words are data every layer above the driver passes around — the catalog stores them as text, the
 * API sends them, the browser bundle reads them — and none of those should need the driver's
 * ElementType enum to name a slot. So this file imports nothing. The driver's own name for an
 * element (ChangerElement) and the display numbers people see are one conversion away:
 * driver/elementPlace.ts.
 */

/** The element types that hold a cartridge, in the words the catalog stores and the API sends. */
export const PLACE_TYPES = ['transport', 'slot', 'ieport', 'drive'] as const;
export type PlaceType = (typeof PLACE_TYPES)[number];

export interface Place {
  readonly type: PlaceType;
  readonly index: number;
}

export function place(type: PlaceType, index: number): Place {
  return { type, index };
}

export function isPlaceType(value: unknown): value is PlaceType {
  return typeof value === 'string' && (PLACE_TYPES as readonly string[]).includes(value);
}

export function samePlace(a: Place, b: Place): boolean {
  return a.type === b.type && a.index === b.index;
}

/** `slot:3`: a map key for a place (zero-based index), equal for equal places. */
export function placeKey(p: Place): string {
  return `${p.type}:${p.index}`;
}

/** `slot 3`: a place by its zero-based index, as the scheduler and the driver's own messages say it. */
export function formatPlace(p: Place): string {
  return `${p.type} ${p.index}`;
}
