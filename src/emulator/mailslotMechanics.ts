/**
 * Where the operator reaches in: mailslot stations (opened by a host's OPEN/CLOSE IMPORT/EXPORT
 * ELEMENT or at the front panel), the door and the magazines. Closing what the operator used makes
 * the library scan it (inventoryMechanics.ts) and tell every initiator. The CDB interpreter and
 * the front panel call it; the state is the library's.
 */
import { LibraryRefusal } from './conditions.ts';
import { inventoryAfterOperatorAccess } from './inventoryMechanics.ts';
import type { Library } from './library.ts';

/**
 * Opens a mailslot station to the operator (host OPEN IMPORT/EXPORT ELEMENT or front panel).
 * PREVENT keeps cartridges in: a host may open a station only while it is empty (Dell TL2000).
 */
export async function openStation(library: Library, name: string): Promise<void> {
  if (library.state.stationOpen.get(name) === true) return;
  const elements = library.map.inStation(name);
  if (library.claimsAny(elements.map((e) => e.address))) throw new LibraryRefusal('robot-busy', `the robot is using mailslot "${name}"`);
  await library.wait(library.profile.timings.mailslotOpenMs);
  library.state.stationOpen.set(name, true);
  library.operatorAccessed.delete(name);
  library.commit();
}

/** The operator put a cartridge into or took one from an open station. */
export function markOperatorAccess(library: Library, name: string): void {
  library.operatorAccessed.add(name);
}

/**
 * Closes a station; if the operator used it, the reader scans it and everyone hears 28/01. An
 * operator who closes it untouched is heard too (28/01, no scan): the robot can reach it again.
 */
export async function closeStation(library: Library, name: string, by: 'host' | 'operator' = 'host'): Promise<void> {
  if (library.state.stationOpen.get(name) !== true) return;
  await library.wait(library.profile.timings.mailslotCloseMs);
  library.state.stationOpen.set(name, false);
  library.commit();
  const operatorAccessed = library.operatorAccessed.delete(name);
  if (!operatorAccessed) {
    if (by === 'operator') library.attentions.broadcast('ie-element-accessed');
    return;
  }
  await inventoryAfterOperatorAccess(library, { addresses: library.map.inStation(name).map((e) => e.address) }, 'ie-element-accessed');
}

export function stationHoldsMedia(library: Library, name: string): boolean {
  return library.map.inStation(name).some((e) => library.state.element(e.address).cartridge !== null);
}

// ── door and magazines (operator side effects) ─────────────────────────────────────────────

export async function setDoorOpen(library: Library, open: boolean): Promise<void> {
  if (library.state.doorOpen === open) return;
  await library.wait(open ? library.profile.timings.doorOpenMs : library.profile.timings.doorCloseMs);
  library.state.doorOpen = open;
  library.refreshConditionFlags();
  library.commit();
}

export function setMagazinePresent(library: Library, name: string, present: boolean): void {
  library.state.magazinePresent.set(name, present);
  library.refreshConditionFlags();
  library.commit();
}
