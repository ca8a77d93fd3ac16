// One library as the manager owns and runs it: the changer opened exclusively through the class
// driver, the catalog lease and fencing (ownership), the scheduler with its catalog host, the
// drives as devices of their own and the media they take, and where cartridges go (slot choice,
// pickers). The rest of the manager uses only what this index exports, and sees a running library
// as an OwnedLibrary; the LibraryRuntime class behind it is for the facade (manager.ts), which
// starts, loses and closes it.
export { mediumEvent } from './catalogHost.ts';
export { CLEAN_NOW, EXPIRED_CLEANING_MEDIA } from './driveDevices.ts';
export { driveAccepts } from './driveMedia.ts';
export { LibraryRuntime, type RuntimeHooks, type RuntimeSettings } from './libraryRuntime.ts';
export type { DriveAccess, MoveRecord, OwnedLibrary } from './ownedLibrary.ts';
export { pickerClearances } from './pickers.ts';
export { chooseSlot, freeSlots } from './slotChoice.ts';
