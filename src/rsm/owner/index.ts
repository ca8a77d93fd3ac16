// Library ownership: the catalog lease, the exclusive open and the device reservation together.
export { LibraryOwner, type LibraryOwnerOptions, type OwnerLog, type OwnerState, type OwnershipLoss, type OwnershipLossReason } from './libraryOwner.ts';
export type { DeviceFence } from './deviceFence.ts';
export { WALL_CLOCK, type OwnerClock } from './ownerClock.ts';
export { managerOwnerId } from './ownerId.ts';
export { fencingKeyOf, isManagerKey, reservationKeyFor } from './reservationKey.ts';
