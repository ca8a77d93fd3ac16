/**
 * Element descriptors kept encoded between READ ELEMENT STATUS commands: an inventory of a
 * 10,000-slot library asks for the same descriptors pass after pass while hardly any element
 * changes, and describing and encoding 1000 of them per chunk was most of the target's work.
 *
 * The bytes of an element are re-encoded when its revision (LibraryState.revisions: every
 * assignment to its runtime and every touch() moves it) or the state's shared revision (touchAll,
 * a magazine pulled, a mailslot opened) is not the one they were encoded at, so they are always
 * what elementDescriptors.ts would describe now. Kept per VOLTAG setting; DVCID reports, whose
 * descriptors differ in length, are built as before (elementStatusPages).
 */
import {
  prepareElementDescriptor,
  preparedDescriptorLength,
  type PreparedElementStatusPage,
} from '../scsi/index.ts';
import type { ElementInfo } from './elementMap.ts';
import { elementDescriber, typeCodeOf } from './elementDescriptors.ts';
import type { Library } from './library.ts';

/** One VOLTAG setting's descriptors, at `length` bytes per address from address 0. */
class EncodedDescriptors {
  readonly volumeTags: boolean;
  readonly alternateTags: boolean;
  readonly length: number;
  readonly bytes: Buffer;
  /** Per address: 1 + the element's revision the bytes were encoded at; 0: none. */
  readonly encodedAt: Uint32Array;
  sharedRevision: number;

  constructor(library: Library, volumeTags: boolean) {
    const addresses = library.state.revisions.length;
    this.volumeTags = volumeTags;
    this.alternateTags = volumeTags && library.profile.features.alternateVolumeTags;
    this.length = preparedDescriptorLength(volumeTags, this.alternateTags);
    this.bytes = Buffer.alloc(addresses * this.length);
    this.encodedAt = new Uint32Array(addresses);
    this.sharedRevision = library.state.sharedRevision;
  }

  /** Re-encodes whichever of `elements` changed since their bytes were made. */
  refresh(library: Library, elements: readonly ElementInfo[], from: number, to: number): void {
    const state = library.state;
    if (state.sharedRevision !== this.sharedRevision) {
      this.encodedAt.fill(0);
      this.sharedRevision = state.sharedRevision;
    }
    const revisions = state.revisions;
    let describe: ReturnType<typeof elementDescriber> | undefined;
    for (let i = from; i < to; i++) {
      const address = (elements[i] as ElementInfo).address;
      const stamp = ((revisions[address] as number) + 1) >>> 0;
      if (this.encodedAt[address] === stamp && stamp !== 0) continue;
      describe ??= elementDescriber(library, { volumeTags: this.volumeTags, deviceIds: false });
      prepareElementDescriptor(this.bytes, address * this.length, describe(elements[i] as ElementInfo), this.volumeTags, this.alternateTags);
      this.encodedAt[address] = stamp;
    }
  }

  /** Copies the descriptors of elements[from, from + count) to `target`, a run of consecutive addresses per copy. */
  copy(elements: readonly ElementInfo[], from: number, count: number, target: Uint8Array, offset: number): void {
    const length = this.length;
    let at = offset;
    let i = from;
    const end = from + count;
    while (i < end) {
      const first = (elements[i] as ElementInfo).address;
      let last = first;
      i++;
      while (i < end && (elements[i] as ElementInfo).address === last + 1) {
        last++;
        i++;
      }
      this.bytes.copy(target, at, first * length, (last + 1) * length);
      at += (last - first + 1) * length;
    }
  }
}

const kept = new WeakMap<Library, [EncodedDescriptors | undefined, EncodedDescriptors | undefined]>();

function encodedFor(library: Library, volumeTags: boolean): EncodedDescriptors {
  let both = kept.get(library);
  if (both === undefined) {
    both = [undefined, undefined];
    kept.set(library, both);
  }
  const k = volumeTags ? 1 : 0;
  return (both[k] ??= new EncodedDescriptors(library, volumeTags));
}

/** One page: a run of elements of one kind, its descriptors copied from the kept bytes (a class, not a closure per page and command). */
class PreparedPage implements PreparedElementStatusPage {
  readonly elementType: PreparedElementStatusPage['elementType'];
  readonly pVolTag: boolean;
  readonly aVolTag: boolean;
  readonly count: number;
  readonly lowestAddress: number;
  readonly #library: Library;
  readonly #encoded: EncodedDescriptors;
  readonly #elements: readonly ElementInfo[];
  readonly #from: number;

  constructor(library: Library, encoded: EncodedDescriptors, elements: readonly ElementInfo[], from: number, to: number) {
    const first = elements[from] as ElementInfo;
    this.elementType = typeCodeOf(first.kind);
    this.pVolTag = encoded.volumeTags;
    this.aVolTag = encoded.alternateTags;
    this.count = to - from;
    this.lowestAddress = first.address;
    this.#library = library;
    this.#encoded = encoded;
    this.#elements = elements;
    this.#from = from;
  }

  copyDescriptors(target: Uint8Array, offset: number, count: number): void {
    this.#encoded.refresh(this.#library, this.#elements, this.#from, this.#from + count);
    this.#encoded.copy(this.#elements, this.#from, count, target, offset);
  }
}

/**
 * READ ELEMENT STATUS pages (DVCID = 0) for `elements` in ascending address order: one page per run
 * of one type, as elementStatusPages makes them; only the descriptors a response sends are
 * brought up to date, when it copies them.
 */
export function preparedElementStatusPages(library: Library, elements: readonly ElementInfo[], volumeTags: boolean): PreparedElementStatusPage[] {
  const encoded = encodedFor(library, volumeTags);
  const pages: PreparedElementStatusPage[] = [];
  let start = 0;
  while (start < elements.length) {
    const kind = (elements[start] as ElementInfo).kind;
    let end = start + 1;
    while (end < elements.length && (elements[end] as ElementInfo).kind === kind) end++;
    pages.push(new PreparedPage(library, encoded, elements, start, end));
    start = end;
  }
  return pages;
}
