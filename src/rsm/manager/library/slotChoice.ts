// Where a cartridge leaving a drive (or the mailslot) goes. `home`: its home slot when that is
// free, otherwise the free slot nearest to it. `nearest`: the lowest free slot, where the robot
// has least to travel in a library without its geometry. The cleaner slot is kept for the
// cleaner; elements the library cannot reach (pulled magazine, disabled) are skipped.
import type { CatalogScope, Medium } from '../../catalog/index.ts';

export interface SlotChoice {
  readonly medium: Medium | undefined;
  readonly policy: 'home' | 'nearest';
  /** Slots that moves under way will fill. */
  readonly reserved: ReadonlySet<number>;
  readonly cleanerSlot: number | null;
}

export async function freeSlots(catalog: CatalogScope, libraryId: string): Promise<number[]> {
  const slots = await catalog.libraries.elements(libraryId, 'slot');
  const occupied = new Set((await catalog.media.list({ libraryId, locationType: 'slot' })).map((m) => (m.location.type === 'slot' ? m.location.index : -1)));
  return slots.filter((s) => s.enabled && s.state !== 'not-present' && !occupied.has(s.index)).map((s) => s.index);
}

export function chooseSlot(free: readonly number[], choice: SlotChoice): number | undefined {
  const isCleaner = choice.medium?.cleanerUsesRemaining !== null && choice.medium?.cleanerUsesRemaining !== undefined;
  const usable = free.filter((s) => !choice.reserved.has(s) && (s !== choice.cleanerSlot || isCleaner));
  if (usable.length === 0) return undefined;
  const home = choice.policy === 'home' ? (choice.medium?.homeSlot ?? null) : null;
  if (home !== null && usable.includes(home)) return home;
  const anchor = home ?? (isCleaner && choice.cleanerSlot !== null ? choice.cleanerSlot : 0);
  return [...usable].sort((a, b) => Math.abs(a - anchor) - Math.abs(b - anchor) || a - b)[0];
}
