import type { ChangerParameters } from './changerParameters.ts';
import { Features0, Features1, FEATURES1_MARKER, hasFeature } from './features.ts';

/** One violated rule of reference windows-changer §6.6 (and the field ranges of §3.4). */
export interface ParameterViolation {
  readonly rule: string;
  readonly message: string;
}

const USHORT_FIELDS = [
  'numberTransportElements', 'numberStorageElements', 'numberCleanerSlots', 'numberIEElements',
  'numberDataTransferElements', 'numberOfDoors', 'firstSlotNumber', 'firstDriveNumber',
  'firstTransportNumber', 'firstIEPortNumber', 'firstCleanerSlotAddress', 'magazineSize',
] as const;
const UCHAR_FIELDS = [
  'moveFromTransport', 'moveFromSlot', 'moveFromIePort', 'moveFromDrive', 'exchangeFromTransport',
  'exchangeFromSlot', 'exchangeFromIePort', 'exchangeFromDrive', 'lockUnlockCapabilities', 'positionCapabilities',
] as const;

function isUint(v: number, max: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= max;
}

/** Every rule the parameters break; an empty list means they are consistent. */
export function validateParameters(p: ChangerParameters): ParameterViolation[] {
  const out: ParameterViolation[] = [];
  const fail = (rule: string, message: string): void => void out.push({ rule, message });
  const f0 = (f: number): boolean => hasFeature(p.features0, f);
  const f1 = (f: number): boolean => hasFeature(p.features1, f);

  for (const k of USHORT_FIELDS) if (!isUint(p[k], 0xffff)) fail('field-range', `${k} must be an integer 0..65535 (is ${p[k]})`);
  for (const k of UCHAR_FIELDS) if (!isUint(p[k], 0xff)) fail('field-range', `${k} must be an integer 0..255 (is ${p[k]})`);
  for (const k of ['driveCleanTimeout', 'features0', 'features1'] as const) {
    if (!isUint(p[k], 0xffffffff)) fail('field-range', `${k} must be an integer 0..0xFFFFFFFF (is ${p[k]})`);
  }

  if (p.numberCleanerSlots > 1) fail('cleaner-slots-max-1', `NumberCleanerSlots must be 0 or 1 (is ${p.numberCleanerSlots})`);
  if (f0(Features0.CLEANER_SLOT) && p.numberCleanerSlots !== 1) fail('cleaner-slot-needs-one', 'CHANGER_CLEANER_SLOT requires NumberCleanerSlots = 1');
  if (p.numberCleanerSlots === 0 && p.firstCleanerSlotAddress !== 0) fail('cleaner-address-zero', 'FirstCleanerSlotAddress must be 0 when NumberCleanerSlots = 0');
  // NumberStorageElements counts data slots only, so the slots are numbered FirstSlotNumber …
  // FirstSlotNumber + NumberStorageElements, and the cleaner slot's vendor number is one of them.
  const lastSlotNumber = p.firstSlotNumber + p.numberStorageElements;
  if (p.numberCleanerSlots === 1 && (p.firstCleanerSlotAddress < p.firstSlotNumber || p.firstCleanerSlotAddress > lastSlotNumber)) {
    fail('cleaner-address-range', `FirstCleanerSlotAddress ${p.firstCleanerSlotAddress} is not one of the slot numbers ${p.firstSlotNumber}..${lastSlotNumber} (FirstSlotNumber ${p.firstSlotNumber}, NumberStorageElements ${p.numberStorageElements} data slots + the cleaner slot)`);
  }
  if (p.numberIEElements === 0 && p.firstIEPortNumber !== 0) fail('ieport-number-zero', 'FirstIEPortNumber must be 0 when NumberIEElements = 0');
  if (p.numberTransportElements < 1) fail('transport-required', 'a changer needs at least one transport element');
  if (f1(Features1.PREDISMOUNT_ALIGN_TO_SLOT) && f1(Features1.PREDISMOUNT_ALIGN_TO_DRIVE)) {
    fail('align-exclusive', 'CHANGER_PREDISMOUNT_ALIGN_TO_SLOT and _ALIGN_TO_DRIVE are mutually exclusive');
  }
  const opsNotSupported = f1(Features1.CLEANER_OPS_NOT_SUPPORTED);
  if (opsNotSupported && f0(Features0.CLEANER_SLOT)) fail('cleaner-ops-excludes-slot', 'CHANGER_CLEANER_OPS_NOT_SUPPORTED excludes CHANGER_CLEANER_SLOT');
  if (opsNotSupported && f1(Features1.CLEANER_AUTODISMOUNT)) fail('cleaner-ops-excludes-autodismount', 'CHANGER_CLEANER_OPS_NOT_SUPPORTED excludes CHANGER_CLEANER_AUTODISMOUNT');
  if (!f0(Features0.DRIVE_CLEANING_REQUIRED)) {
    if (f0(Features0.CLEANER_SLOT)) fail('cleaner-slot-needs-cleaning', 'CHANGER_CLEANER_SLOT requires CHANGER_DRIVE_CLEANING_REQUIRED');
    if (f1(Features1.CLEANER_AUTODISMOUNT)) fail('autodismount-needs-cleaning', 'CHANGER_CLEANER_AUTODISMOUNT requires CHANGER_DRIVE_CLEANING_REQUIRED');
    if (opsNotSupported) fail('cleaner-ops-needs-cleaning', 'CHANGER_CLEANER_OPS_NOT_SUPPORTED requires CHANGER_DRIVE_CLEANING_REQUIRED');
  }
  if (hasFeature(p.features0, Features0.RESERVED_BIT)) fail('features0-reserved', 'Features0 bit 31 is reserved for Features1 constants');
  if (p.features1 !== 0 && !hasFeature(p.features1, FEATURES1_MARKER)) fail('features1-marker', 'a populated Features1 word keeps the 0x80000000 marker');
  if (f0(Features0.CARTRIDGE_MAGAZINE) && p.magazineSize === 0) fail('magazine-size', 'CHANGER_CARTRIDGE_MAGAZINE needs MagazineSize > 0');
  // MagazineSize, LockUnlockCapabilities and PositionCapabilities are "valid only with" their
  // feature flag: without it they are ignored, not wrong, so they are not checked here.
  if (!f0(Features0.STORAGE_SLOT)) fail('storage-slot', 'CHANGER_STORAGE_SLOT must be supported');
  for (const k of UCHAR_FIELDS) if (isUint(p[k], 0xff) && (p[k] & 0xf0) !== 0) fail('capability-bits', `${k} uses bits above CHANGER_TO_DRIVE (0x${p[k].toString(16)})`);
  return out;
}
