// A cartridge left in a picker (a jammed or interrupted move, a crash mid-move) blocks the robot:
// each one is put away — home when free, else the nearest free slot — by a move of the manager's
// own, so the log says why it moved.
import type { CatalogScope, Library } from '../../catalog/index.ts';
import type { MoveOrder } from '../../service.ts';
import { chooseSlot, freeSlots } from './slotChoice.ts';

export async function pickerClearances(catalog: CatalogScope, library: Library, libraryName: string): Promise<MoveOrder[]> {
  const inPickers = await catalog.media.list({ libraryId: library.id, locationType: 'transport' });
  if (inPickers.length === 0) return [];
  const moving = await catalog.requests.list({ libraryId: library.id, kinds: ['move'], states: ['queued', 'waiting', 'in-progress'] });
  const free = await freeSlots(catalog, library.id);
  const orders: MoveOrder[] = [];
  for (const medium of inPickers) {
    if (medium.location.type !== 'transport' || moving.some((r) => r.mediumId === medium.id)) continue;
    const slot = chooseSlot(free, { medium, policy: 'home', reserved: new Set(), cleanerSlot: library.cleanerSlot });
    if (slot === undefined) continue;
    free.splice(free.indexOf(slot), 1);
    orders.push({ library: libraryName, from: medium.location, to: { type: 'slot', index: slot }, priority: 15 });
  }
  return orders;
}
