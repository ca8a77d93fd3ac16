import { ElementType, elementTypeName } from './elementType.ts';

/**
 * CHANGER_ELEMENT: an element named by its type and its zero-based index within that type —
 * never a SCSI element address (those exist only in driver/smc and the emulator).
 */
export interface ChangerElement {
  readonly type: ElementType;
  readonly index: number;
}

export function element(type: ElementType, index: number): ChangerElement {
  return { type, index };
}

export function sameElement(a: ChangerElement, b: ChangerElement): boolean {
  return a.type === b.type && a.index === b.index;
}

export function formatElement(e: ChangerElement): string {
  return `${elementTypeName(e.type)} ${e.index}`;
}
