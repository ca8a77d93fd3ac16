import type { ChangerElement } from '../changerElement.ts';
import { ChangerError } from '../../shared/changerError.ts';
import { ElementType, MEDIA_ELEMENT_TYPES, type MediaElementType } from '../elementType.ts';

/**
 * Zero-based index ↔ SCSI element address, per type, in one place (as ch.c keeps firsts[] and
 * counts[]). Page 1Dh gives each type's first address and count, but libraries may leave gaps
 * (IBM keeps addresses for empty drive bays), so the miniclass learns every real address from
 * READ ELEMENT STATUS and the map holds them in order: index i is the i-th address of its type.
 */
export class AddressMap {
  private readonly byAddress = new Map<number, ChangerElement>();

  constructor(private readonly addresses: Readonly<Record<MediaElementType, readonly number[]>>) {
    for (const type of MEDIA_ELEMENT_TYPES) addresses[type].forEach((a, index) => this.byAddress.set(a, { type, index }));
  }

  /** Contiguous ranges straight from page 1Dh (before the real addresses are known). */
  static contiguous(ranges: Readonly<Record<MediaElementType, { first: number; count: number }>>): AddressMap {
    const list = (r: { first: number; count: number }): number[] => Array.from({ length: r.count }, (_, i) => r.first + i);
    return new AddressMap({
      [ElementType.Transport]: list(ranges[ElementType.Transport]),
      [ElementType.Slot]: list(ranges[ElementType.Slot]),
      [ElementType.IEPort]: list(ranges[ElementType.IEPort]),
      [ElementType.Drive]: list(ranges[ElementType.Drive]),
    });
  }

  count(type: MediaElementType): number {
    return this.addresses[type].length;
  }

  /** The device address of a zero-based element. */
  toAddress(e: ChangerElement): number {
    if (e.type === ElementType.AllElements || e.type === ElementType.Door || e.type === ElementType.Keypad) {
      throw new ChangerError('INVALID_PARAMETER', `a ${ElementType[e.type]} has no element address`);
    }
    const list = this.addresses[e.type as MediaElementType];
    const address = Number.isInteger(e.index) ? list[e.index] : undefined;
    if (address === undefined) throw new ChangerError('ILLEGAL_ELEMENT_ADDRESS', `${ElementType[e.type]} ${e.index} does not exist (0..${list.length - 1})`);
    return address;
  }

  /** The zero-based element at a device address, or undefined for an address no element has. */
  fromAddress(address: number, type?: MediaElementType): ChangerElement | undefined {
    const e = this.byAddress.get(address);
    return e !== undefined && (type === undefined || e.type === type) ? e : undefined;
  }

  /** The lowest address of any element (READ ELEMENT STATUS start for AllElements). */
  get lowAddress(): number {
    const firsts = MEDIA_ELEMENT_TYPES.map((t) => this.addresses[t][0]).filter((a): a is number => a !== undefined);
    return firsts.length === 0 ? 0 : Math.min(...firsts);
  }
}
