import type { ChangerElement } from './changerElement.ts';

/** ELEMENT_STATUS_* flags of CHANGER_ELEMENT_STATUS (reference windows-changer §3.8.1). */
export const ElementStatusFlags = {
  FULL: 0x00000001,
  IMPEXP: 0x00000002,
  EXCEPT: 0x00000004,
  ACCESS: 0x00000008,
  EXENAB: 0x00000010,
  INENAB: 0x00000020,
  PRODUCT_DATA: 0x00000040,
  LUN_VALID: 0x00001000,
  ID_VALID: 0x00002000,
  NOT_BUS: 0x00008000,
  INVERT: 0x00400000,
  SVALID: 0x00800000,
  PVOLTAG: 0x10000000,
  AVOLTAG: 0x20000000,
} as const;

/**
 * ExceptionCode values: an enumeration, not a bitmask. The names collide with unrelated Win32
 * errors of the same small numbers, hence their own enum.
 */
export enum ExceptionCode {
  None = 0,
  LabelUnreadable = 0x00000001,
  LabelQuestionable = 0x00000002,
  SlotNotPresent = 0x00000004,
  DriveNotInstalled = 0x00000008,
  TrayMalfunction = 0x00000010,
  InitStatusNeeded = 0x00000011,
  UnhandledError = 0xffffffff,
}

/** The identity of the drive in a data-transfer element (DVCID / the _EX tail). */
export interface DriveIdentity {
  readonly vendorId: string;
  readonly productId: string;
  readonly serialNumber: string;
}

/**
 * One element's status, the model of CHANGER_ELEMENT_STATUS(_EX). Volume IDs are plain strings
 * with trailing spaces removed; their presence is also told by PVOLTAG/AVOLTAG in `flags`.
 */
export interface ElementStatus {
  readonly element: ChangerElement;
  /** Where the medium came from; meaningful only with ELEMENT_STATUS_SVALID. */
  readonly sourceElement: ChangerElement | undefined;
  readonly flags: number;
  readonly exceptionCode: ExceptionCode;
  readonly targetId: number;
  readonly lun: number;
  readonly primaryVolumeId: string | undefined;
  readonly alternateVolumeId: string | undefined;
  readonly driveIdentity: DriveIdentity | undefined;
  /** The SCSI ASC/ASCQ behind an exception, kept for diagnosis (0/0 when none). */
  readonly asc?: number;
  readonly ascq?: number;
}

export function isFull(s: ElementStatus): boolean {
  return (s.flags & ElementStatusFlags.FULL) !== 0;
}

export function hasFlag(s: ElementStatus, flag: number): boolean {
  return ((s.flags & flag) >>> 0) === flag;
}

export function elementStatusFlagNames(flags: number): string[] {
  return (Object.entries(ElementStatusFlags) as [string, number][]).filter(([, f]) => ((flags & f) >>> 0) === f).map(([n]) => n);
}
