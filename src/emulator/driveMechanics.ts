/**
 * What a drive does with the cartridge it holds, on the library's clock: thread it (the robot put
 * it in, or the drive's host sent LOAD), unthread it — the one unload path, for the drive's host
 * (LOAD UNLOAD, the front panel's eject) and for the robot pulling from a drive that needs no
 * predismount eject — run a cleaner, and ask to be cleaned. The drive's host (SscDevice), the
 * robot (transportMechanics.ts) and the front panel call it; the state is the library's.
 */
import type { Cartridge } from './cartridge.ts';
import { LibraryRefusal } from './conditions.ts';
import { cleanDrive } from './driveCleaning.ts';
import type { Library } from './library.ts';
import { ChangerTapeAlert } from './tapeAlert.ts';

/** The drive unthreads its tape (driveUnloadMs) so the robot can take the cartridge; a stuck drive refuses. */
export async function unthreadDrive(library: Library, address: number): Promise<void> {
  const runtime = library.state.element(address);
  if (!runtime.loaded) return;
  await library.wait(library.profile.timings.driveUnloadMs);
  if (runtime.stuck) {
    library.tapeAlert.raise(ChangerTapeAlert.LIBRARY_HARDWARE_A);
    throw new LibraryRefusal('drive-unload-failed', `drive ${address} refused to unload`, 'source');
  }
  runtime.loaded = false;
  library.commit();
}

/** The drive's host ejects (unloads) the cartridge so the robot can take it. */
export async function ejectDrive(library: Library, address: number): Promise<void> {
  const info = library.resolveElement(address, 'source', ['drive']);
  if (library.state.element(info.address).cartridge === null) throw new LibraryRefusal('source-empty', `drive ${address} is empty`, 'source');
  await unthreadDrive(library, info.address);
}

/**
 * The drive threads the cartridge it holds (the robot inserted it, or its host sent LOAD):
 * loading for driveLoadMs, then the library's drive-load listeners hear of it. Rejects when power
 * fails meanwhile; an eject meanwhile ends the load without a load event.
 */
export function threadDrive(library: Library, address: number, requestedBy?: string): Promise<void> {
  const runtime = library.state.element(address);
  const cartridge = runtime.cartridge;
  runtime.loaded = true;
  library.commit();
  const load = library.wait(library.profile.timings.driveLoadMs).then(() => {
    if (!runtime.loaded || runtime.cartridge !== cartridge) return;
    library.driveLoadDone(address, requestedBy);
  });
  busyDrive(library, address, load);
  return load;
}

/**
 * The drive runs the cleaner the robot put in, as an LTO drive does: it threads it and cleans
 * (its host sees 02/30/03 meanwhile), then ejects it to where the robot takes it (02/3A/00 from
 * then on). The cycle is a load and an unload long. A pull or a power loss meanwhile ends it
 * without cleaning, the cleaner ejected.
 */
export function runCleaningCycle(library: Library, address: number, cleaner: Cartridge): Promise<void> {
  const runtime = library.state.element(address);
  runtime.loaded = true;
  library.commit();
  // The profile's cleaning time covers the whole cycle: threading the cleaner, cleaning, ejecting it.
  const cycle = library.wait(library.profile.timings.driveCleanMs).then(
    () => {
      if (!runtime.loaded || runtime.cartridge !== cleaner) return;
      cleanDrive(library, address, cleaner);
      runtime.loaded = false;
      library.commit();
    },
    (error: unknown) => {
      if (runtime.cartridge === cleaner) runtime.loaded = false;
      library.commit();
      throw error;
    },
  );
  busyDrive(library, address, cycle);
  return cycle;
}

/** The drive is working on its own (threading, cleaning) until `work` settles. */
function busyDrive(library: Library, address: number, work: Promise<void>): void {
  const settled = work.catch(() => undefined);
  library.driveWork.set(address, settled);
  void settled.then(() => {
    if (library.driveWork.get(address) === settled) library.driveWork.delete(address);
  });
}

/** The drive is threading a cartridge (its host sees 02/04/01) or running a cleaner (02/30/03). */
export function isDriveLoading(library: Library, address: number): boolean {
  return library.driveWork.has(address);
}

/** Resolves when the drive at `address` is neither loading nor cleaning (what its host's TEST UNIT READY waits for). */
export function driveLoaded(library: Library, address: number): Promise<void> {
  return library.driveWork.get(address) ?? Promise.resolve();
}

/** Fault injection and the front panel: the drive asks to be cleaned now (20) or routinely (21). */
export function soilDrive(library: Library, address: number, urgency: 'now' | 'periodic'): void {
  const cleaning = library.state.cleaningOf(address);
  if (urgency === 'now') cleaning.cleanNow = true;
  else cleaning.cleanPeriodic = true;
  library.refreshDriveConditions(address);
  library.commit();
}
