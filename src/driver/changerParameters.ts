import { ElementType } from './elementType.ts';
import { LockUnlock } from './capabilities.ts';
import { Features0, hasFeature } from './features.ts';

/**
 * GET_CHANGER_PARAMETERS, member for member (reference windows-changer §3.4). `size` is implied
 * (always 60 on the wire) and the reserved members are not carried.
 */
export interface ChangerParameters {
  readonly numberTransportElements: number;
  /**
   * Data slots, including those of removable magazines whether installed or not. The cleaner slot
   * is not counted ("for data cartridges only"), though it is a storage element: see slotCount.
   */
  readonly numberStorageElements: number;
  /** 0 or 1. */
  readonly numberCleanerSlots: number;
  readonly numberIEElements: number;
  readonly numberDataTransferElements: number;
  readonly numberOfDoors: number;
  /** Display numbering only: the number a person sees for slot 0, drive 0, … */
  readonly firstSlotNumber: number;
  readonly firstDriveNumber: number;
  readonly firstTransportNumber: number;
  readonly firstIEPortNumber: number;
  /**
   * The vendor's number of the cleaner slot, in the numbering of FirstSlotNumber (8 for the eighth
   * of 8 slots numbered 1..8; 7 for the last of 8 numbered 0..7). See cleanerSlotIndex.
   */
  readonly firstCleanerSlotAddress: number;
  readonly magazineSize: number;
  /** Twice the expected cleaning time, in seconds. */
  readonly driveCleanTimeout: number;
  readonly features0: number;
  readonly features1: number;
  readonly moveFromTransport: number;
  readonly moveFromSlot: number;
  readonly moveFromIePort: number;
  readonly moveFromDrive: number;
  readonly exchangeFromTransport: number;
  readonly exchangeFromSlot: number;
  readonly exchangeFromIePort: number;
  readonly exchangeFromDrive: number;
  readonly lockUnlockCapabilities: number;
  readonly positionCapabilities: number;
}

/** A changer has a keypad element when it can lock or enable/disable one (driver knowledge, §6.1). */
export function hasKeypad(p: ChangerParameters): boolean {
  return hasFeature(p.features0, Features0.KEYPAD_ENABLE_DISABLE) || (hasFeature(p.features0, Features0.LOCK_UNLOCK) && (p.lockUnlockCapabilities & LockUnlock.KEYPAD) !== 0);
}

/** Every storage element, the cleaner slot included: the zero-based slot indexes run 0 … slotCount − 1. */
export function slotCount(p: ChangerParameters): number {
  return p.numberStorageElements + (p.numberCleanerSlots > 0 ? 1 : 0);
}

/** The zero-based slot index of the cleaner slot (its vendor number less FirstSlotNumber), or null without one. */
export function cleanerSlotIndex(p: ChangerParameters): number | null {
  return p.numberCleanerSlots > 0 ? p.firstCleanerSlotAddress - p.firstSlotNumber : null;
}

/** How many elements of a type the changer has; AllElements is the sum of the four media types. */
export function elementCount(p: ChangerParameters, t: ElementType): number {
  switch (t) {
    case ElementType.AllElements:
      return p.numberTransportElements + slotCount(p) + p.numberIEElements + p.numberDataTransferElements;
    case ElementType.Transport:
      return p.numberTransportElements;
    case ElementType.Slot:
      return slotCount(p);
    case ElementType.IEPort:
      return p.numberIEElements;
    case ElementType.Drive:
      return p.numberDataTransferElements;
    case ElementType.Door:
      return p.numberOfDoors;
    case ElementType.Keypad:
      return hasKeypad(p) ? 1 : 0;
  }
}

/** The display number of an element (First*Number + index); doors and keypads count from 0. */
export function displayNumber(p: ChangerParameters, t: ElementType, index: number): number {
  switch (t) {
    case ElementType.Transport:
      return p.firstTransportNumber + index;
    case ElementType.Slot:
      return p.firstSlotNumber + index;
    case ElementType.IEPort:
      return p.firstIEPortNumber + index;
    case ElementType.Drive:
      return p.firstDriveNumber + index;
    default:
      return index;
  }
}

/** All-zero parameters, for building fixtures and miniclass results field by field. */
export const EMPTY_PARAMETERS: ChangerParameters = Object.freeze({
  numberTransportElements: 0,
  numberStorageElements: 0,
  numberCleanerSlots: 0,
  numberIEElements: 0,
  numberDataTransferElements: 0,
  numberOfDoors: 0,
  firstSlotNumber: 0,
  firstDriveNumber: 0,
  firstTransportNumber: 0,
  firstIEPortNumber: 0,
  firstCleanerSlotAddress: 0,
  magazineSize: 0,
  driveCleanTimeout: 0,
  features0: 0,
  features1: 0,
  moveFromTransport: 0,
  moveFromSlot: 0,
  moveFromIePort: 0,
  moveFromDrive: 0,
  exchangeFromTransport: 0,
  exchangeFromSlot: 0,
  exchangeFromIePort: 0,
  exchangeFromDrive: 0,
  lockUnlockCapabilities: 0,
  positionCapabilities: 0,
});
