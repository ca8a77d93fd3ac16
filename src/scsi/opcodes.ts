/**
 * Operation codes a changer logical unit sees (smc.md §1.1). One name per code; where one code
 * means different things in different command sets (1Bh) the SMC meaning is the name.
 */
export const Opcode = {
  TEST_UNIT_READY: 0x00,
  REZERO_UNIT: 0x01,
  REQUEST_SENSE: 0x03,
  INITIALIZE_ELEMENT_STATUS: 0x07,
  INQUIRY: 0x12,
  MODE_SELECT_6: 0x15,
  RESERVE_6: 0x16,
  RELEASE_6: 0x17,
  MODE_SENSE_6: 0x1a,
  /** SMC-3 OPEN/CLOSE IMPORT/EXPORT ELEMENT; the same code is SSC LOAD UNLOAD (what `mtx eject` sends). */
  OPEN_CLOSE_IMPORT_EXPORT_ELEMENT: 0x1b,
  RECEIVE_DIAGNOSTIC_RESULTS: 0x1c,
  SEND_DIAGNOSTIC: 0x1d,
  PREVENT_ALLOW_MEDIUM_REMOVAL: 0x1e,
  POSITION_TO_ELEMENT: 0x2b,
  INITIALIZE_ELEMENT_STATUS_WITH_RANGE: 0x37,
  WRITE_BUFFER: 0x3b,
  READ_BUFFER: 0x3c,
  LOG_SELECT: 0x4c,
  LOG_SENSE: 0x4d,
  MODE_SELECT_10: 0x55,
  RESERVE_10: 0x56,
  RELEASE_10: 0x57,
  MODE_SENSE_10: 0x5a,
  PERSISTENT_RESERVE_IN: 0x5e,
  PERSISTENT_RESERVE_OUT: 0x5f,
  REPORT_LUNS: 0xa0,
  MAINTENANCE_IN: 0xa3,
  MAINTENANCE_OUT: 0xa4,
  MOVE_MEDIUM: 0xa5,
  EXCHANGE_MEDIUM: 0xa6,
  MOVE_MEDIUM_ATTACHED: 0xa7,
  READ_ELEMENT_STATUS_ATTACHED: 0xb4,
  REQUEST_VOLUME_ELEMENT_ADDRESS: 0xb5,
  SEND_VOLUME_TAG: 0xb6,
  READ_ELEMENT_STATUS: 0xb8,
  /** Vendor form of INITIALIZE ELEMENT STATUS WITH RANGE (Quantum DX, Oracle SL150). */
  INITIALIZE_ELEMENT_STATUS_WITH_RANGE_VENDOR: 0xe7,
  // Sequential-access (SSC-3) commands a tape drive of the library answers. REWIND shares 01h
  // with REZERO UNIT and LOAD UNLOAD shares 1Bh with OPEN/CLOSE IMPORT/EXPORT ELEMENT; the
  // names table keeps the changer's meaning, the drive's parsers name their own structure.
  REWIND: 0x01,
  FORMAT_MEDIUM: 0x04,
  READ_BLOCK_LIMITS: 0x05,
  READ_6: 0x08,
  WRITE_6: 0x0a,
  SET_CAPACITY: 0x0b,
  WRITE_FILEMARKS_6: 0x10,
  SPACE_6: 0x11,
  ERASE_6: 0x19,
  LOAD_UNLOAD: 0x1b,
  LOCATE_10: 0x2b,
  READ_POSITION: 0x34,
  REPORT_DENSITY_SUPPORT: 0x44,
  READ_ATTRIBUTE: 0x8c,
  WRITE_ATTRIBUTE: 0x8d,
  READ_16: 0x88,
  WRITE_16: 0x8a,
  SPACE_16: 0x91,
  LOCATE_16: 0x92,
} as const;

export type Opcode = (typeof Opcode)[keyof typeof Opcode];

/** MAINTENANCE IN (A3h) service actions. */
export const MaintenanceInServiceAction = {
  REPORT_DEVICE_IDENTIFIER: 0x05,
  REPORT_SUPPORTED_OPERATION_CODES: 0x0c,
  REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS: 0x0d,
} as const;

/** The first name listed for a code wins, so a shared code reads with its changer meaning. */
const NAMES = new Map<number, string>(
  Object.entries(Opcode)
    .reverse()
    .map(([name, code]) => [code, displayName(name)]),
);

function displayName(name: string): string {
  return name.replace(/_(6|10)$/, '($1)').replaceAll('_', ' ');
}

/** "MOVE MEDIUM", "MODE SENSE(6)" …; unknown codes as "OPCODE 0xNN". */
export function opcodeName(opcode: number): string {
  return NAMES.get(opcode) ?? `OPCODE 0x${opcode.toString(16).padStart(2, '0')}`;
}

/**
 * CDB length implied by the opcode's group code (SAM): group 0 → 6, groups 1–2 → 10, group 4 → 16,
 * group 5 → 12. Vendor groups 6–7 have no standard length; E7h is known to be 10 bytes.
 */
export function cdbLength(opcode: number): number | undefined {
  if (opcode === Opcode.INITIALIZE_ELEMENT_STATUS_WITH_RANGE_VENDOR) return 10;
  switch (opcode >> 5) {
    case 0:
      return 6;
    case 1:
    case 2:
      return 10;
    case 4:
      return 16;
    case 5:
      return 12;
    default:
      return undefined;
  }
}
