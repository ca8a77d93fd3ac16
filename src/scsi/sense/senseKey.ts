/** SENSE KEY values (SPC). */
export const SenseKey = {
  NO_SENSE: 0x0,
  RECOVERED_ERROR: 0x1,
  NOT_READY: 0x2,
  MEDIUM_ERROR: 0x3,
  HARDWARE_ERROR: 0x4,
  ILLEGAL_REQUEST: 0x5,
  UNIT_ATTENTION: 0x6,
  DATA_PROTECT: 0x7,
  BLANK_CHECK: 0x8,
  VENDOR_SPECIFIC: 0x9,
  COPY_ABORTED: 0xa,
  ABORTED_COMMAND: 0xb,
  EQUAL: 0xc,
  VOLUME_OVERFLOW: 0xd,
  MISCOMPARE: 0xe,
  COMPLETED: 0xf,
} as const;

export type SenseKey = (typeof SenseKey)[keyof typeof SenseKey];

const NAMES: readonly string[] = [
  'No Sense',
  'Recovered Error',
  'Not Ready',
  'Medium Error',
  'Hardware Error',
  'Illegal Request',
  'Unit Attention',
  'Data Protect',
  'Blank Check',
  'Vendor Specific',
  'Copy Aborted',
  'Aborted Command',
  'Equal',
  'Volume Overflow',
  'Miscompare',
  'Completed',
];

/** Human name as initiators print it ("Illegal Request"). */
export function senseKeyName(key: number): string {
  return NAMES[key & 0x0f] ?? 'Unknown';
}
