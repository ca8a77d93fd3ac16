/**
 * The one conversion between a place (shared/place.ts, the vocabulary above the driver) and what
 * the driver and people call the same element:
 *  - the driver's ChangerElement (ElementType enum + the same zero-based index), for every call
 *    the RSM or a tool makes on a Changer;
 *  - the display number people see (First*Number + index, the number on the front panel, in
 *    `changer status`, in request notes and events: `slot:10`).
 * It lives in driver/ because it needs the driver's ElementType and ChangerParameters, and every
 * user (rsm/, api/, cli/) sits above the driver. SCSI element addresses are not here: they stay in
 * driver/smc and the emulator.
 */
import type { ChangerElement } from './changerElement.ts';
import { displayNumber, type ChangerParameters } from './changerParameters.ts';
import { ElementType, type MediaElementType } from './elementType.ts';
import { PLACE_TYPES, type Place, type PlaceType } from '../shared/place.ts';

const ELEMENT_TYPE: Readonly<Record<PlaceType, MediaElementType>> = {
  transport: ElementType.Transport,
  slot: ElementType.Slot,
  ieport: ElementType.IEPort,
  drive: ElementType.Drive,
};

/** The driver's element type of a place type. */
export function elementType(type: PlaceType): MediaElementType {
  return ELEMENT_TYPE[type];
}

/** The place type of a driver element type; undefined for the ones that hold no media (door, keypad, all). */
export function placeType(type: ElementType): PlaceType | undefined {
  return PLACE_TYPES.find((t) => ELEMENT_TYPE[t] === type);
}

/** The driver's CHANGER_ELEMENT for a place: same index, the enum for the type. */
export function elementOf(p: Place): ChangerElement & { readonly type: MediaElementType } {
  return { type: ELEMENT_TYPE[p.type], index: p.index };
}

/** The place of a driver element, or undefined when its type holds no media. */
export function placeOf(e: ChangerElement): Place | undefined {
  const type = placeType(e.type);
  return type === undefined ? undefined : { type, index: e.index };
}

/** A place's display number on a changer with these parameters (First*Number + index). */
export function placeDisplayNumber(parameters: ChangerParameters, p: Place): number {
  return displayNumber(parameters, ELEMENT_TYPE[p.type], p.index);
}

/** What a place a person reads is called when its library's element rows are not at hand. */
function byIndex(p: Place): string {
  return `${p.type} index ${p.index}`;
}

/**
 * How people name a place in every text the manager writes (request notes, events, operator
 * messages, errors): `slot:10`, the library's own display number — the number on its front panel
 * and in `changer status` — never the zero-based index the API's fields carry. The element rows
 * come from the catalog (which stored each display number from the changer's parameters); a place
 * they lack is named by its index, said as such.
 */
export function placeOnPanel(p: Place, elements: readonly { readonly type: string; readonly index: number; readonly displayNumber: number }[]): string {
  const element = elements.find((e) => e.type === p.type && e.index === p.index);
  return element === undefined ? byIndex(p) : `${p.type}:${element.displayNumber}`;
}

/** placeOnPanel for a changer whose parameters are at hand. */
export function placeByParameters(p: Place, parameters: ChangerParameters | undefined): string {
  return parameters === undefined ? byIndex(p) : `${p.type}:${placeDisplayNumber(parameters, p)}`;
}
