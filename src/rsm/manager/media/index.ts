// The media services without the robot, and what clients see: allocate, deallocate, complete,
// decommission, swap sides (media lifecycle), media queries, pools and their media types,
// enabling and disabling objects, and catalog rows joined into client views. These work on any
// library in the catalog, owned here or not. The rest of the manager uses only what this index exports.
export { MediaLifecycle } from './mediaLifecycle.ts';
export { mediaSearch } from './mediaQuery.ts';
export { describeObject, objectState, refuseDisabledForMount, refuseIfLibraryDisabled, setObjectEnabled, withdrawDisabledDrives } from './objectControl.ts';
export { createPool, moveToPool } from './pools.ts';
export { drivesOf, KeptMediumViews, libraryDetail, librarySummary, mediumView, requestView } from './views.ts';
