import type { ChangerElement } from '../changerElement.ts';
import { readChangerElement, writeChangerElement } from './changerElement.ts';
import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { requireLength } from './winIoctlFormatError.ts';
import { fieldPath } from './fieldPath.ts';

/** CHANGER_ELEMENT_LIST: a first element and how many follow it, of the same type (§3.3). */
export interface ChangerElementList {
  readonly element: ChangerElement;
  readonly numberOfElements: number;
}

export const CHANGER_ELEMENT_LIST_LENGTH = 12;

const STRUCTURE = 'CHANGER_ELEMENT_LIST';

export function writeChangerElementList(w: LeWriter, list: ChangerElementList, field: string): void {
  writeChangerElement(w, list.element, fieldPath(field, 'Element'));
  w.u32(list.numberOfElements, fieldPath(field, 'NumberOfElements'));
}

export function readChangerElementList(r: LeReader, field: string): ChangerElementList {
  const element = readChangerElement(r, fieldPath(field, 'Element'));
  return { element, numberOfElements: r.u32() };
}

export function encodeChangerElementList(list: ChangerElementList): Uint8Array {
  const w = new LeWriter(STRUCTURE, CHANGER_ELEMENT_LIST_LENGTH);
  writeChangerElementList(w, list, '');
  return w.finish();
}

export function decodeChangerElementList(bytes: Uint8Array): ChangerElementList {
  requireLength(STRUCTURE, bytes, CHANGER_ELEMENT_LIST_LENGTH);
  return readChangerElementList(new LeReader(STRUCTURE, bytes), '');
}
