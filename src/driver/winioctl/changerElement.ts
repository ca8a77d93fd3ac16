import type { ChangerElement } from '../changerElement.ts';
import { isElementType } from '../elementType.ts';
import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { requireLength } from './winIoctlFormatError.ts';
import { fieldPath } from './fieldPath.ts';

/** CHANGER_ELEMENT: ElementType (4-byte enum) then ElementAddress, a zero-based index (§3.3). */
export const CHANGER_ELEMENT_LENGTH = 8;

const STRUCTURE = 'CHANGER_ELEMENT';

/** `field` names this member in the enclosing structure (e.g. `Destination`; empty at top level) for error messages. */
export function writeChangerElement(w: LeWriter, e: ChangerElement, field: string): void {
  if (!isElementType(e.type)) throw w.invalid(fieldPath(field, 'ElementType'), `${e.type} is not an ELEMENT_TYPE (0–6)`);
  w.u32(e.type, fieldPath(field, 'ElementType'));
  w.u32(e.index, fieldPath(field, 'ElementAddress'));
}

export function readChangerElement(r: LeReader, field: string): ChangerElement {
  const type = r.u32();
  return changerElementFrom(r, type, r.u32(), field);
}

/**
 * The model element for raw members already read. ChangerMaxElement (7) and beyond name no element
 * and the model has no value for them, so they fail here.
 */
export function changerElementFrom(r: LeReader, type: number, index: number, field: string): ChangerElement {
  if (!isElementType(type)) throw r.invalid(fieldPath(field, 'ElementType'), `${type} is not an ELEMENT_TYPE (0–6)`);
  return { type, index };
}

export function encodeChangerElement(e: ChangerElement): Uint8Array {
  const w = new LeWriter(STRUCTURE, CHANGER_ELEMENT_LENGTH);
  writeChangerElement(w, e, '');
  return w.finish();
}

/** The input of IOCTL_CHANGER_REINITIALIZE_TRANSPORT is a bare CHANGER_ELEMENT. */
export function decodeChangerElement(bytes: Uint8Array): ChangerElement {
  requireLength(STRUCTURE, bytes, CHANGER_ELEMENT_LENGTH);
  return readChangerElement(new LeReader(STRUCTURE, bytes), '');
}
