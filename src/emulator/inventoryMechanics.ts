/**
 * Inventories: the robot carrying the scanner visits elements and reads their labels. While one
 * runs the library is not ready (02/04/01); after the operator had access (door, magazine,
 * mailslot) every initiator hears that element status may have changed.
 */
import { rescanLabels } from './cartridge.ts';
import { LibraryRefusal } from './conditions.ts';
import type { ElementInfo } from './elementMap.ts';
import type { Library } from './library.ts';
import type { Profile } from './profile.ts';
import type { Robot } from './robot.ts';
import type { UnitAttentionCondition } from './unitAttentions.ts';

export interface InventoryScope {
  /** Element addresses to scan; undefined = every element. */
  readonly addresses?: readonly number[];
  /** FAST: presence only, labels not re-read. */
  readonly fast?: boolean;
}

/** Elements an inventory scans (transports hold nothing between commands). */
function targets(library: Library, scope: InventoryScope): ElementInfo[] {
  const all = library.map.all.filter((e) => e.kind !== 'transport');
  if (scope.addresses === undefined) return all;
  const wanted = new Set(scope.addresses);
  return all.filter((e) => wanted.has(e.address));
}

/** Base time plus per element: labels read where there is a reader, touch-probing where not. */
export function inventoryDuration(profile: Profile, elements: number, fast: boolean): number {
  const t = profile.timings;
  const perElement = profile.features.barcodeReader || fast ? t.inventoryPerElementMs : t.inventoryPerElementNoLabelMs;
  return t.inventoryBaseMs + perElement * elements;
}

function rescan(library: Library, scanned: readonly ElementInfo[]): void {
  if (!library.profile.features.barcodeReader) return;
  for (const e of scanned) {
    const cartridge = library.state.element(e.address).cartridge;
    if (cartridge === null) continue;
    rescanLabels(cartridge);
    library.state.touch(e.address); // an edit in place: the state journal records it only if told
  }
  library.commit();
}

/** Scans `scope`, queued behind the first robot's current work (it carries the scanner). */
export async function runInventory(library: Library, scope: InventoryScope = {}): Promise<void> {
  const scanned = targets(library, scope);
  const fast = scope.fast ?? false;
  await library.duringInventory(() =>
    (library.robots[0] as Robot).run(async () => {
      await library.wait(inventoryDuration(library.profile, scanned.length, fast), { reportsProgress: true });
      if (!fast) rescan(library, scanned);
    }),
  );
}

/**
 * An inventory after the operator had access; when it is over every initiator hears `attention`
 * (28/00, or 28/01 for a mailslot). A power loss meanwhile ends it quietly: the boot inventories anyway.
 */
export async function inventoryAfterOperatorAccess(library: Library, scope: InventoryScope, attention: UnitAttentionCondition): Promise<void> {
  try {
    await runInventory(library, scope);
    library.attentions.broadcast(attention);
  } catch (error) {
    if (!(error instanceof LibraryRefusal && error.condition === 'power-interrupted')) throw error;
  }
}
