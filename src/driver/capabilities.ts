import { ElementType, type MediaElementType } from './elementType.ts';
import type { ChangerParameters } from './changerParameters.ts';
import { Features0, hasFeature } from './features.ts';

/**
 * The capability bytes of GET_CHANGER_PARAMETERS. The CHANGER_TO_* bit positions equal those of
 * the SMC Device Capabilities page (1Fh), so a "from" byte is that page's byte & 0x0F.
 */
export const ChangerTo = {
  TRANSPORT: 0x01,
  SLOT: 0x02,
  IEPORT: 0x04,
  DRIVE: 0x08,
} as const;

export const LockUnlock = {
  IEPORT: 0x01,
  DOOR: 0x02,
  KEYPAD: 0x04,
} as const;

/** The CHANGER_TO_* bit that names a destination type. */
export function changerToBit(t: MediaElementType): number {
  switch (t) {
    case ElementType.Transport:
      return ChangerTo.TRANSPORT;
    case ElementType.Slot:
      return ChangerTo.SLOT;
    case ElementType.IEPort:
      return ChangerTo.IEPORT;
    case ElementType.Drive:
      return ChangerTo.DRIVE;
  }
}

export function moveFromByte(p: ChangerParameters, from: MediaElementType): number {
  switch (from) {
    case ElementType.Transport:
      return p.moveFromTransport;
    case ElementType.Slot:
      return p.moveFromSlot;
    case ElementType.IEPort:
      return p.moveFromIePort;
    case ElementType.Drive:
      return p.moveFromDrive;
  }
}

export function exchangeFromByte(p: ChangerParameters, from: MediaElementType): number {
  switch (from) {
    case ElementType.Transport:
      return p.exchangeFromTransport;
    case ElementType.Slot:
      return p.exchangeFromSlot;
    case ElementType.IEPort:
      return p.exchangeFromIePort;
    case ElementType.Drive:
      return p.exchangeFromDrive;
  }
}

/** Can this changer MOVE MEDIUM from an element of type `from` to one of type `to`? */
export function canMove(p: ChangerParameters, from: MediaElementType, to: MediaElementType): boolean {
  return (moveFromByte(p, from) & changerToBit(to)) !== 0;
}

/** Can it EXCHANGE MEDIUM between `from` and `to`? Needs CHANGER_EXCHANGE_MEDIA and the byte. */
export function canExchange(p: ChangerParameters, from: MediaElementType, to: MediaElementType): boolean {
  return hasFeature(p.features0, Features0.EXCHANGE_MEDIA) && (exchangeFromByte(p, from) & changerToBit(to)) !== 0;
}

/** The LOCK_UNLOCK_* bit for a lockable element type, or undefined for types that never lock. */
export function lockUnlockBit(t: ElementType): number | undefined {
  if (t === ElementType.IEPort) return LockUnlock.IEPORT;
  if (t === ElementType.Door) return LockUnlock.DOOR;
  if (t === ElementType.Keypad) return LockUnlock.KEYPAD;
  return undefined;
}

/** Can it lock and unlock elements of this type (door, IE port, keypad)? */
export function canLock(p: ChangerParameters, t: ElementType): boolean {
  const bit = lockUnlockBit(t);
  return bit !== undefined && hasFeature(p.features0, Features0.LOCK_UNLOCK) && (p.lockUnlockCapabilities & bit) !== 0;
}

/** Can the transport POSITION TO ELEMENT in front of an element of this type? */
export function canPosition(p: ChangerParameters, to: MediaElementType): boolean {
  return hasFeature(p.features0, Features0.POSITION_TO_ELEMENT) && (p.positionCapabilities & changerToBit(to)) !== 0;
}

/** Can the transport position to a drive (CHANGER_PREDISMOUNT_ALIGN_TO_DRIVE needs this)? */
export function canPositionToDrive(p: ChangerParameters): boolean {
  return canPosition(p, ElementType.Drive);
}
