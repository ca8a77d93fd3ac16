import type { MtxDrive, MtxInventory, MtxSlot } from './mtxInventory.ts';

/**
 * mtx reads the element status once per command line and keeps it up to date itself after each
 * move, so `unload 3 0 load 4 0` checks the second command against the first one's result
 * without asking the device again. These are those updates. Unlike mtx 1.3.12, which only
 * flips the full/empty flags, the tags and the drive's source slot move with the cartridge, so
 * a `status` later on the same line prints what a fresh `status` would.
 */
export type MtxLocation = { readonly kind: 'slot'; readonly index: number } | { readonly kind: 'drive'; readonly index: number };

interface Medium {
  readonly primaryTag: string | undefined;
  readonly alternateTag: string | undefined;
  /** Where a drive would say it came from. */
  readonly sourceSlot: number;
}

/**
 * What an element reports once its cartridge has left. Devices differ — tgt sends a blank tag
 * field for an empty slot, others none — so copy an element of the same list that is empty now.
 */
function emptyLike(elements: readonly (MtxSlot | MtxDrive)[]): Pick<Medium, 'primaryTag' | 'alternateTag'> {
  const empty = elements.find((e) => !e.full);
  return { primaryTag: empty?.primaryTag, alternateTag: empty?.alternateTag };
}

function mediumAt(inv: MtxInventory, at: MtxLocation): Medium | undefined {
  if (at.kind === 'slot') {
    const s = inv.slots[at.index];
    return s?.full ? { primaryTag: s.primaryTag, alternateTag: s.alternateTag, sourceSlot: at.index } : undefined;
  }
  const d = inv.drives[at.index];
  return d?.full ? { primaryTag: d.primaryTag, alternateTag: d.alternateTag, sourceSlot: d.sourceSlot } : undefined;
}

function withSlot(inv: MtxInventory, slot: MtxSlot, medium: Medium | undefined): MtxSlot {
  return medium === undefined ? { ...slot, full: false, ...emptyLike(inv.slots) } : { ...slot, full: true, primaryTag: medium.primaryTag, alternateTag: medium.alternateTag };
}

function withDrive(inv: MtxInventory, drive: MtxDrive, medium: Medium | undefined): MtxDrive {
  return medium === undefined
    ? { ...drive, full: false, sourceSlot: -1, ...emptyLike(inv.drives) }
    : { ...drive, full: true, sourceSlot: medium.sourceSlot, primaryTag: medium.primaryTag, alternateTag: medium.alternateTag };
}

function put(inv: MtxInventory, at: MtxLocation, medium: Medium | undefined): MtxInventory {
  if (at.kind === 'slot') return { ...inv, slots: inv.slots.map((s, i) => (i === at.index ? withSlot(inv, s, medium) : s)) };
  return { ...inv, drives: inv.drives.map((d, i) => (i === at.index ? withDrive(inv, d, medium) : d)) };
}

function same(a: MtxLocation, b: MtxLocation): boolean {
  return a.kind === b.kind && a.index === b.index;
}

/** After a successful MOVE MEDIUM. */
export function afterMove(inv: MtxInventory, from: MtxLocation, to: MtxLocation): MtxInventory {
  const medium = mediumAt(inv, from);
  return put(put(inv, from, undefined), to, medium);
}

/** After a successful EXCHANGE MEDIUM: source → destination1, destination1 → destination2. */
export function afterExchange(inv: MtxInventory, source: MtxLocation, destination1: MtxLocation, destination2: MtxLocation): MtxInventory {
  const first = mediumAt(inv, source);
  const second = mediumAt(inv, destination1);
  const emptied = same(destination2, source) ? inv : put(inv, source, undefined);
  return put(put(emptied, destination1, first), destination2, second);
}
