/**
 * Power: a power loss aborts every mechanical wait at once and forgets what a real library keeps
 * only while powered (unit attentions, prevent, TapeAlert flags but those the state implies); the
 * library then boots again: self test (02/04/01 with progress), picker recovery, full inventory.
 * The front panel, fault injection and a move struck by a power fault call it.
 */
import { LibraryRefusal } from './conditions.ts';
import { runInventory } from './inventoryMechanics.ts';
import type { Library } from './library.ts';

/** Power fails now; the library boots again in the background (whenReady() resolves when it is ready). */
export function powerLoss(library: Library): void {
  library.cutPower();
  library.clearPrevent();
  library.attentions.powerOn();
  library.tapeAlert.clearAll();
  library.refreshConditionFlags();
  for (const drive of library.map.ofKind('drive')) {
    library.driveTapeAlert(drive.address).clearAll();
    library.refreshDriveConditions(drive.address);
  }
  library.booting = true;
  void boot(library);
}

/** Press the power button: off, then on; resolves when the library is ready again. */
export async function powerCycle(library: Library): Promise<void> {
  powerLoss(library);
  await library.whenReady();
}

async function boot(library: Library): Promise<void> {
  const power = library.power;
  try {
    await library.wait(library.profile.timings.powerOnMs, { reportsProgress: true });
    // A second gripper cannot be reported to a host, so the robot always empties it.
    const grippers = library.profile.features.powerOnClearsPicker ? [...library.map.ofKind('transport').map((t) => t.address), ...library.map.hiddenGrippers] : library.map.hiddenGrippers;
    returnPickerCartridges(library, grippers);
    library.poweredOn();
    library.booting = false;
    // Element status kept in non-volatile memory needs no inventory after power-on.
    if (!library.profile.features.statusNonVolatile) await runInventory(library);
  } catch (error) {
    // A second power loss restarts the boot; anything else must not take the process down.
    if (!(error instanceof LibraryRefusal && error.condition === 'power-interrupted')) library.bootErrors.push(error);
  } finally {
    if (power === library.power) library.endBoot();
  }
}

/** At power-on a robot puts a cartridge found in its picker back where it came from, or in the first free slot. */
function returnPickerCartridges(library: Library, which: readonly number[]): void {
  const { map, state } = library;
  for (const address of which) {
    const runtime = state.element(address);
    const cartridge = runtime.cartridge;
    if (cartridge === null) continue;
    const home = cartridge.source === null ? undefined : map.get(cartridge.source);
    const target =
      home !== undefined && state.element(home.address).cartridge === null && library.reachable(home)
        ? home
        : map.ofKind('slot').find((s) => state.element(s.address).cartridge === null && library.reachable(s));
    if (target === undefined) continue;
    runtime.cartridge = null;
    state.element(target.address).cartridge = cartridge;
  }
  library.commit();
}
