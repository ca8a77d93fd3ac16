import type { ChangerElement } from '../changerElement.ts';
import { ChangerError } from '../changerError.ts';
import { ElementType, type MediaElementType } from '../elementType.ts';

/**
 * Zero-based index ↔ SCSI element address, per type, from the Element Address Assignment page
 * (1Dh): first address and count of each of the four media types, in one place (as ch.c keeps
 * firsts[]/counts[]). Types a changer lacks have count 0.
 */
export interface ElementRange {
  readonly first: number;
  readonly count: number;
}

export class AddressMap {
  constructor(private readonly ranges: Readonly<Record<MediaElementType, ElementRange>>) {}

  range(type: MediaElementType): ElementRange {
    return this.ranges[type];
  }

  /** The device address of a zero-based element. */
  toAddress(e: ChangerElement): number {
    if (e.type === ElementType.AllElements || e.type === ElementType.Door || e.type === ElementType.Keypad) {
      throw new ChangerError('INVALID_PARAMETER', `a ${ElementType[e.type]} has no element address`);
    }
    const r = this.ranges[e.type as MediaElementType];
    if (!Number.isInteger(e.index) || e.index < 0 || e.index >= r.count) {
      throw new ChangerError('ILLEGAL_ELEMENT_ADDRESS', `${ElementType[e.type]} ${e.index} does not exist (0..${r.count - 1})`);
    }
    return r.first + e.index;
  }

  /** The zero-based element at a device address, or undefined for an address outside every range. */
  fromAddress(address: number, hint?: MediaElementType): ChangerElement | undefined {
    if (hint !== undefined) {
      const r = this.ranges[hint];
      if (address >= r.first && address < r.first + r.count) return { type: hint, index: address - r.first };
    }
    for (const type of [ElementType.Transport, ElementType.Slot, ElementType.IEPort, ElementType.Drive] as const) {
      const r = this.ranges[type];
      if (address >= r.first && address < r.first + r.count) return { type, index: address - r.first };
    }
    return undefined;
  }

  /** The lowest address of any element (READ ELEMENT STATUS start for AllElements). */
  get lowAddress(): number {
    const firsts = Object.values(this.ranges).filter((r) => r.count > 0).map((r) => r.first);
    return firsts.length === 0 ? 0 : Math.min(...firsts);
  }
}
