/**
 * Features0 and Features1 of GET_CHANGER_PARAMETERS (reference windows-changer §3.4.1–§3.4.2).
 * Every Features1 constant carries the 0x80000000 marker, and a populated Features1 word keeps it,
 * so membership is always tested as `(word & flag) === flag` — see hasFeature.
 */

export const Features0 = {
  BAR_CODE_SCANNER_INSTALLED: 0x00000001,
  INIT_ELEM_STAT_WITH_RANGE: 0x00000002,
  CLOSE_IEPORT: 0x00000004,
  OPEN_IEPORT: 0x00000008,
  STATUS_NON_VOLATILE: 0x00000010,
  EXCHANGE_MEDIA: 0x00000020,
  CLEANER_SLOT: 0x00000040,
  LOCK_UNLOCK: 0x00000080,
  CARTRIDGE_MAGAZINE: 0x00000100,
  MEDIUM_FLIP: 0x00000200,
  POSITION_TO_ELEMENT: 0x00000400,
  REPORT_IEPORT_STATE: 0x00000800,
  STORAGE_DRIVE: 0x00001000,
  STORAGE_IEPORT: 0x00002000,
  STORAGE_SLOT: 0x00004000,
  STORAGE_TRANSPORT: 0x00008000,
  DRIVE_CLEANING_REQUIRED: 0x00010000,
  PREDISMOUNT_EJECT_REQUIRED: 0x00020000,
  CLEANER_ACCESS_NOT_VALID: 0x00040000,
  PREMOUNT_EJECT_REQUIRED: 0x00080000,
  VOLUME_IDENTIFICATION: 0x00100000,
  VOLUME_SEARCH: 0x00200000,
  VOLUME_ASSERT: 0x00400000,
  VOLUME_REPLACE: 0x00800000,
  VOLUME_UNDEFINE: 0x01000000,
  SERIAL_NUMBER_VALID: 0x04000000,
  DEVICE_REINITIALIZE_CAPABLE: 0x08000000,
  KEYPAD_ENABLE_DISABLE: 0x10000000,
  DRIVE_EMPTY_ON_DOOR_ACCESS: 0x20000000,
  /** "Will be used to indicate Features1 capability bits": never a Features0 capability. */
  RESERVED_BIT: 0x80000000,
} as const;

export const Features1 = {
  PREDISMOUNT_ALIGN_TO_SLOT: 0x80000001,
  PREDISMOUNT_ALIGN_TO_DRIVE: 0x80000002,
  CLEANER_AUTODISMOUNT: 0x80000004,
  TRUE_EXCHANGE_CAPABLE: 0x80000008,
  SLOTS_USE_TRAYS: 0x80000010,
  RTN_MEDIA_TO_ORIGINAL_ADDR: 0x80000020,
  CLEANER_OPS_NOT_SUPPORTED: 0x80000040,
  IEPORT_USER_CONTROL_OPEN: 0x80000080,
  IEPORT_USER_CONTROL_CLOSE: 0x80000100,
  MOVE_EXTENDS_IEPORT: 0x80000200,
  MOVE_RETRACTS_IEPORT: 0x80000400,
} as const;

export type Feature0Name = keyof typeof Features0;
export type Feature1Name = keyof typeof Features1;

/** The Features1 namespace marker. */
export const FEATURES1_MARKER = 0x80000000;

/**
 * True when `flag` is set in `word`. For a Features1 flag the marker bit must be set too, which a
 * populated Features1 word always has; `(word & flag) !== 0` would be wrong there, since the
 * marker alone would make every flag look set.
 */
export function hasFeature(word: number, flag: number): boolean {
  return ((word & flag) >>> 0) === flag >>> 0;
}

/** Combine Features1 flags into a word (the marker stays set, as in the Windows samples). */
export function features1Word(...flags: number[]): number {
  return flags.reduce((w, f) => (w | f) >>> 0, 0);
}

export function features0Word(...flags: number[]): number {
  return flags.reduce((w, f) => (w | f) >>> 0, 0);
}

/** Names of the flags set in a Features0 word, for display and JSON. */
export function features0Names(word: number): Feature0Name[] {
  return (Object.entries(Features0) as [Feature0Name, number][])
    .filter(([name, f]) => name !== 'RESERVED_BIT' && hasFeature(word, f))
    .map(([name]) => name);
}

export function features1Names(word: number): Feature1Name[] {
  if (!hasFeature(word, FEATURES1_MARKER)) return [];
  return (Object.entries(Features1) as [Feature1Name, number][]).filter(([, f]) => hasFeature(word, f)).map(([name]) => name);
}
