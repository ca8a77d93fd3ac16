import type { ChangerElement } from '../../driver/changerElement.ts';
import { ElementStatusFlags, type ElementStatus } from '../../driver/elementStatus.ts';
import { ElementType } from '../../driver/elementType.ts';

/**
 * The library as mtx sees it: drives numbered from 0, and one list of "storage elements"
 * numbered from 1 — the storage slots in element order with the import/export ports appended
 * (smc.md §6.2). Indexes here are zero-based positions in those two lists; mtx's display
 * numbers are slot index + 1 and the drive index itself.
 */
export interface MtxSlot {
  readonly element: ChangerElement;
  readonly importExport: boolean;
  readonly full: boolean;
  /** undefined: the device reported no tag field; '' : a blank one (printed as 32 spaces). */
  readonly primaryTag: string | undefined;
  readonly alternateTag: string | undefined;
}

export interface MtxDrive {
  readonly element: ChangerElement;
  readonly full: boolean;
  /** The slot index mtx shows in "(Storage Element N Loaded)", or −1 for "Unknown". */
  readonly sourceSlot: number;
  readonly primaryTag: string | undefined;
  readonly alternateTag: string | undefined;
}

export interface MtxInventory {
  readonly drives: readonly MtxDrive[];
  readonly slots: readonly MtxSlot[];
  readonly importExportCount: number;
}

function byIndex(statuses: readonly ElementStatus[], type: ElementType): ElementStatus[] {
  return statuses.filter((s) => s.element.type === type).sort((a, b) => a.element.index - b.element.index);
}

function isFull(s: ElementStatus): boolean {
  return (s.flags & ElementStatusFlags.FULL) !== 0;
}

function toSlot(s: ElementStatus, importExport: boolean): MtxSlot {
  return { element: s.element, importExport, full: isFull(s), primaryTag: s.primaryVolumeId, alternateTag: s.alternateVolumeId };
}

/** Where the device says a drive's cartridge came from, as a slot index; −1 when it does not say. */
function reportedSource(s: ElementStatus, slots: readonly MtxSlot[]): number {
  const source = s.sourceElement;
  if ((s.flags & ElementStatusFlags.SVALID) === 0 || source === undefined) return -1;
  return slots.findIndex((slot) => slot.element.type === source.type && slot.element.index === source.index);
}

/**
 * mtx does not trust the source address: it keeps it only if that slot is empty now (pass 1),
 * and otherwise hands out the empty storage slots in order, one per doubtful drive, without
 * looking at what pass 1 kept (pass 2) — which is how two drives can both claim slot 8 in real
 * output. When the empty slots run out the drive shows "Unknown". Backup software reads this
 * number to put tapes back, so it must come out the way mtx computes it.
 */
function deriveSources(statuses: readonly ElementStatus[], slots: readonly MtxSlot[]): number[] {
  const passOne = statuses.map((s) => {
    if (!isFull(s)) return -1;
    const j = reportedSource(s, slots);
    return j >= 0 && !(slots[j]?.full ?? true) ? j : -1;
  });
  const emptyStorage = slots.flatMap((slot, j) => (!slot.importExport && !slot.full ? [j] : []));
  let next = 0;
  return passOne.map((j, i) => {
    if (j >= 0 || !isFull(statuses[i]!)) return j;
    return emptyStorage[next++] ?? -1;
  });
}

/** Builds mtx's view from one READ ELEMENT STATUS of every element. */
export function buildInventory(statuses: readonly ElementStatus[]): MtxInventory {
  const ports = byIndex(statuses, ElementType.IEPort);
  const slots = [...byIndex(statuses, ElementType.Slot).map((s) => toSlot(s, false)), ...ports.map((s) => toSlot(s, true))];
  const driveStatuses = byIndex(statuses, ElementType.Drive);
  const sources = deriveSources(driveStatuses, slots);
  const drives = driveStatuses.map((s, i): MtxDrive => ({
    element: s.element,
    full: isFull(s),
    sourceSlot: sources[i] ?? -1,
    primaryTag: s.primaryVolumeId,
    alternateTag: s.alternateVolumeId,
  }));
  return { drives, slots, importExportCount: ports.length };
}

/** The index of the last storage slot that is not an import/export port, plus one. */
export function storageSlotCount(inventory: MtxInventory): number {
  return inventory.slots.length - inventory.importExportCount;
}
