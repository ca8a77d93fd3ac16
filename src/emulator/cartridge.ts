/**
 * A cartridge (medium) as the library knows it. The physical label and what the library reports
 * as volume tags are kept apart: a host can assert a tag for an unlabeled cartridge (SEND VOLUME
 * TAG), and a damaged label can stop the reader, yet the cartridge is the same object throughout.
 */
import { blankCartridgeMemory, type CartridgeMemory } from './cartridgeMemory.ts';
import type { MediumKind } from './profile.ts';
import { initialTape } from './tapeContents.ts';

export interface Cartridge {
  /** Identity inside this library (never reused), so unlabeled cartridges can be told apart. */
  readonly id: number;
  /** Physical barcode label (side A of a two-sided medium); null: no label. */
  readonly label: string | null;
  /** Physical label of side B of a two-sided medium. */
  readonly labelB: string | null;
  readonly kind: MediumKind;
  readonly sides: 1 | 2;
  /** Volume tag the library holds for side A / side B (read from the label, or set by a host). */
  tagA: string | null;
  tagB: string | null;
  /** Side B faces the drive's head side (two-sided media flipped by the transport). */
  flipped: boolean;
  /** Fault: the reader cannot read this cartridge's label. */
  labelUnreadable: boolean;
  /** Cleaning cycles left (cleaning cartridges only). */
  cleaningUsesLeft: number | null;
  /** Last storage (slot or mailslot) element the cartridge was moved from: SValid + source address. */
  source: number | null;
  /** Flipped by the transport since it left `source` (descriptor byte 9 bit 6). */
  invertedSinceSource: boolean;
  /** Put into a mailslot by the operator rather than by the robot (IE descriptor ImpExp). */
  placedByOperator: boolean;
  /** The write-protect switch is set: drives read it but refuse to write (07/27/00). */
  writeProtected: boolean;
  /** The cartridge memory (MAM): load count and host-written attributes. */
  mam: CartridgeMemory;
}

export interface CartridgeSpec {
  readonly barcode: string | null;
  readonly kind?: MediumKind;
  readonly sides?: 1 | 2;
  readonly alternateTag?: string | null;
  readonly cleaningUses?: number;
  /** Written on the tape as labelling software would: an 80-byte ANSI VOL1 record, then a filemark. */
  readonly volumeLabel?: string;
  /** Raw records written after the label (or first, without one): foreign formats, headers. */
  readonly records?: readonly Uint8Array[];
  readonly writeProtected?: boolean;
}

const WORM_SUFFIXES = new Set(['LT', 'LU', 'LV', 'LW', 'LX', 'LY', 'LZ']);

/**
 * Medium type implied by a label, per the common conventions (library-managers §4.3, mhVTL):
 * "CLN" prefix cleaning, "DG " prefix diagnostic, LTO WORM media IDs LT…LZ.
 */
export function mediumKindFromLabel(label: string | null): MediumKind {
  if (label === null) return 'data';
  if (label.startsWith('CLN')) return 'cleaning';
  if (label.startsWith('DG ')) return 'diagnostic';
  if (label.length >= 8 && WORM_SUFFIXES.has(label.slice(-2))) return 'worm';
  return 'data';
}

/**
 * A cartridge as described; its tape (library.tapes) is blank. Throws RangeError when the spec's
 * volume label or records could not be written (the caller writes them: initialTape(spec)).
 */
export function createCartridge(id: number, spec: CartridgeSpec, cleaningUsesDefault: number): Cartridge {
  initialTape(spec);
  const kind = spec.kind ?? mediumKindFromLabel(spec.barcode);
  const sides = spec.sides ?? 1;
  const labelB = sides === 2 ? (spec.alternateTag ?? null) : null;
  return {
    id,
    label: spec.barcode,
    labelB,
    kind,
    sides,
    tagA: spec.barcode,
    tagB: spec.alternateTag ?? null,
    flipped: false,
    labelUnreadable: false,
    cleaningUsesLeft: kind === 'cleaning' ? (spec.cleaningUses ?? cleaningUsesDefault) : null,
    source: null,
    invertedSinceSource: false,
    placedByOperator: false,
    writeProtected: spec.writeProtected ?? false,
    mam: blankCartridgeMemory(),
  };
}

/** The volume tag reported as primary: the tag of the side facing up. */
export function primaryTag(c: Cartridge): string | null {
  return c.flipped ? c.tagB : c.tagA;
}

/** The volume tag reported as alternate: the other side's (or a host-assigned alternate). */
export function alternateTag(c: Cartridge): string | null {
  return c.flipped ? c.tagA : c.tagB;
}

/**
 * What the barcode reader learns when it scans the cartridge (inventory, mailslot scan): the
 * physical label wins over a host-set tag; an unreadable label leaves no tag from that label.
 */
export function rescanLabels(c: Cartridge): void {
  if (c.labelUnreadable) {
    if (c.tagA === c.label) c.tagA = null;
    if (c.labelB !== null && c.tagB === c.labelB) c.tagB = null;
    return;
  }
  if (c.label !== null) c.tagA = c.label;
  if (c.labelB !== null) c.tagB = c.labelB;
}

/** The one name a person would use for a cartridge in messages. */
export function describeCartridge(c: Cartridge): string {
  return c.label ?? `unlabeled cartridge #${c.id}`;
}
