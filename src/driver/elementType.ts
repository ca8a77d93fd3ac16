/**
 * ELEMENT_TYPE of ntddchgr.h. Values 0–4 equal the SMC element type codes, which is why the
 * Windows samples cast one into the other; Door and Keypad are pseudo-elements with no SCSI address.
 */
export enum ElementType {
  AllElements = 0,
  Transport = 1,
  Slot = 2,
  IEPort = 3,
  Drive = 4,
  Door = 5,
  Keypad = 6,
}

/** The four element types that hold media and have SCSI element addresses. */
export const MEDIA_ELEMENT_TYPES = [ElementType.Transport, ElementType.Slot, ElementType.IEPort, ElementType.Drive] as const;
export type MediaElementType = (typeof MEDIA_ELEMENT_TYPES)[number];

export function isElementType(v: number): v is ElementType {
  return Number.isInteger(v) && v >= ElementType.AllElements && v <= ElementType.Keypad;
}

export function isMediaElementType(t: ElementType): t is MediaElementType {
  return t >= ElementType.Transport && t <= ElementType.Drive;
}

const NAMES: Record<ElementType, string> = {
  [ElementType.AllElements]: 'all',
  [ElementType.Transport]: 'transport',
  [ElementType.Slot]: 'slot',
  [ElementType.IEPort]: 'ieport',
  [ElementType.Drive]: 'drive',
  [ElementType.Door]: 'door',
  [ElementType.Keypad]: 'keypad',
};

export function elementTypeName(t: ElementType): string {
  return NAMES[t];
}

export function parseElementTypeName(name: string): ElementType | undefined {
  const lower = name.toLowerCase();
  const aliases: Record<string, ElementType> = { mailslot: ElementType.IEPort, 'ie': ElementType.IEPort, picker: ElementType.Transport, robot: ElementType.Transport };
  const hit = (Object.entries(NAMES) as [string, string][]).find(([, n]) => n === lower);
  return hit ? (Number(hit[0]) as ElementType) : aliases[lower];
}
