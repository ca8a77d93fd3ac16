/**
 * How a drive comes to need cleaning and gets it: every cartridge threaded counts as a load; at
 * the drive group's `cleanAfterLoads` the drive raises TapeAlert 20 "Clean now" and keeps it until
 * a cleaning cartridge with cycles left cleans it. A spent cleaner does not clean (flag 22); a
 * cartridge labelled as a cleaner that is not one cannot clean either (flag 23).
 */
import { mediumKindFromLabel, type Cartridge } from './cartridge.ts';
import type { Library } from './library.ts';
import type { Profile } from './profile.ts';
import { DriveTapeAlert } from './tapeAlert.ts';

/** The drive group's load count between cleanings, or undefined when its drives never ask by themselves. */
export function cleanAfterLoads(profile: Profile, address: number): number | undefined {
  return profile.drives.find((g) => address >= g.first && address < g.first + g.count)?.cleanAfterLoads;
}

/** A data (or diagnostic, WORM) cartridge has been put into the drive to be threaded. */
export function countDriveLoad(library: Library, address: number, cartridge: Cartridge): void {
  const cleaning = library.state.cleaningOf(address);
  cleaning.loadsSinceCleaning++;
  const limit = cleanAfterLoads(library.profile, address);
  if (limit !== undefined && cleaning.loadsSinceCleaning >= limit) cleaning.cleanNow = true;
  // A cartridge whose label says "cleaner" but which is not one: the drive cannot clean with it.
  if (mediumKindFromLabel(cartridge.label) === 'cleaning') library.driveTapeAlert(address).raise(DriveTapeAlert.INVALID_CLEANING_TAPE);
  library.refreshDriveConditions(address);
}

/** A cleaning cartridge in the drive: cleans if it has a cycle left, else reports itself expired. */
export function cleanDrive(library: Library, address: number, cleaner: Cartridge): void {
  // null: a cleaner whose cycles nobody counts (as before the count existed) cleans every time.
  if (cleaner.cleaningUsesLeft !== null) {
    if (cleaner.cleaningUsesLeft <= 0) {
      library.driveTapeAlert(address).raise(DriveTapeAlert.EXPIRED_CLEANING_MEDIA);
      return;
    }
    cleaner.cleaningUsesLeft--;
  }
  const cleaning = library.state.cleaningOf(address);
  cleaning.loadsSinceCleaning = 0;
  cleaning.cleanNow = false;
  cleaning.cleanPeriodic = false;
  library.refreshDriveConditions(address);
}
