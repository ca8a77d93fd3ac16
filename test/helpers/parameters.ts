// Changer parameters used by the driver tests: a changer that can do everything, and a
// bare-bones autoloader that can only move.
import { ChangerTo, LockUnlock } from '../../src/driver/capabilities.ts';
import { EMPTY_PARAMETERS, type ChangerParameters } from '../../src/driver/changerParameters.ts';
import { Features0, Features1, features0Word, features1Word } from '../../src/driver/features.ts';

const ALL_TO = ChangerTo.TRANSPORT | ChangerTo.SLOT | ChangerTo.IEPORT | ChangerTo.DRIVE;

/**
 * 1 transport, 24 slots numbered 1..24 of which slot 24 is the cleaner slot (so 23 data slots:
 * NumberStorageElements excludes it), 2 IE ports, 4 drives, 1 door, a keypad.
 */
export const FULL: ChangerParameters = {
  ...EMPTY_PARAMETERS,
  numberTransportElements: 1,
  numberStorageElements: 23,
  numberCleanerSlots: 1,
  numberIEElements: 2,
  numberDataTransferElements: 4,
  numberOfDoors: 1,
  firstSlotNumber: 1,
  firstDriveNumber: 0,
  firstTransportNumber: 0,
  firstIEPortNumber: 25,
  firstCleanerSlotAddress: 24,
  magazineSize: 12,
  driveCleanTimeout: 600,
  features0: features0Word(...Object.values(Features0).filter((f) => f !== Features0.RESERVED_BIT)),
  features1: features1Word(Features1.PREDISMOUNT_ALIGN_TO_DRIVE, Features1.TRUE_EXCHANGE_CAPABLE, Features1.CLEANER_AUTODISMOUNT),
  moveFromTransport: ALL_TO,
  moveFromSlot: ALL_TO,
  moveFromIePort: ALL_TO,
  moveFromDrive: ALL_TO,
  exchangeFromTransport: ALL_TO,
  exchangeFromSlot: ALL_TO,
  exchangeFromIePort: ALL_TO,
  exchangeFromDrive: ALL_TO,
  lockUnlockCapabilities: LockUnlock.IEPORT | LockUnlock.DOOR | LockUnlock.KEYPAD,
  positionCapabilities: ChangerTo.SLOT | ChangerTo.IEPORT | ChangerTo.DRIVE,
};

/** 1 transport, 8 slots, 1 drive, no IE port, no door; moves slot↔drive only; nothing else. */
export const MINIMAL: ChangerParameters = {
  ...EMPTY_PARAMETERS,
  numberTransportElements: 1,
  numberStorageElements: 8,
  numberDataTransferElements: 1,
  firstSlotNumber: 1,
  features0: Features0.STORAGE_SLOT,
  moveFromSlot: ChangerTo.SLOT | ChangerTo.DRIVE,
  moveFromDrive: ChangerTo.SLOT,
};
