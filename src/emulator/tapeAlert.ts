/**
 * TapeAlert flags of a medium changer (LOG SENSE page 2Eh). The reference has no changer flag
 * list (smc.md §11 gap); the numbers below are the changer TapeAlert set as published in library
 * SCSI guides (Quantum Scalar: 1, 2, 4, 13–17, 23 confirmed verbatim; the rest from the same
 * TapeAlert changer table). Two lifetimes: conditions (door open, magazine out) stay set while
 * true; events (a jam) stay set until a host has read the page once, as drives do.
 */

export const ChangerTapeAlert = {
  /** Drive communication failure / library hardware A. */
  LIBRARY_HARDWARE_A: 1,
  /** Unrecoverable mechanical error. */
  LIBRARY_HARDWARE_B: 2,
  LIBRARY_HARDWARE_C: 3,
  /** Mechanical error needing a power cycle. */
  LIBRARY_HARDWARE_D: 4,
  LIBRARY_DIAGNOSTICS_REQUIRED: 5,
  LIBRARY_INTERFACE: 6,
  FAILURE_PREDICTION: 7,
  LIBRARY_MAINTENANCE: 8,
  LIBRARY_HUMIDITY_LIMITS: 9,
  LIBRARY_TEMPERATURE_LIMITS: 10,
  LIBRARY_VOLTAGE_LIMITS: 11,
  /** A cartridge was left in the gripper after an error. */
  LIBRARY_STRAY_TAPE: 12,
  LIBRARY_PICK_RETRY: 13,
  LIBRARY_PLACE_RETRY: 14,
  LIBRARY_LOAD_RETRY: 15,
  /** Moves impossible because a door is open; cleared when it closes. */
  LIBRARY_DOOR: 16,
  LIBRARY_MAILSLOT: 17,
  LIBRARY_MAGAZINE: 18,
  LIBRARY_SECURITY: 19,
  LIBRARY_SECURITY_MODE: 20,
  LIBRARY_OFFLINE: 21,
  LIBRARY_DRIVE_OFFLINE: 22,
  LIBRARY_SCAN_RETRY: 23,
  LIBRARY_INVENTORY: 24,
  LIBRARY_ILLEGAL_OPERATION: 25,
  DUAL_PORT_INTERFACE_ERROR: 26,
  COOLING_FAN_FAILURE: 27,
  POWER_SUPPLY: 28,
  POWER_CONSUMPTION: 29,
  PASS_THROUGH_MECHANISM_FAILURE: 30,
  CARTRIDGE_IN_PASS_THROUGH_MECHANISM: 31,
  UNREADABLE_BAR_CODE_LABELS: 32,
} as const;

/**
 * TapeAlert flags of a tape drive (SSC-3 Annex A) that the emulated drives set. 20 and 21 are
 * conditions (they stay until a cleaner cleans the drive); 22 and 23 are events.
 */
export const DriveTapeAlert = {
  /** The drive must be cleaned before it is used further. */
  CLEAN_NOW: 20,
  /** Routine cleaning is due. */
  CLEAN_PERIODIC: 21,
  /** The cleaning cartridge loaded has no cleaning cycles left: it did not clean. */
  EXPIRED_CLEANING_MEDIA: 22,
  /** The cartridge loaded to clean is not a cleaning cartridge. */
  INVALID_CLEANING_TAPE: 23,
} as const;

/** Parameters 0001h–0040h of page 2Eh. */
export const TAPE_ALERT_FLAG_COUNT = 64;

export class TapeAlertFlags {
  readonly #conditions = new Set<number>();
  readonly #events = new Set<number>();

  /** Set an event flag: it stays until the page has been read. */
  raise(flag: number): void {
    this.#events.add(flag);
  }

  /** Set or clear a condition flag that mirrors a physical state. */
  setCondition(flag: number, on: boolean): void {
    if (on) this.#conditions.add(flag);
    else this.#conditions.delete(flag);
  }

  /** Flags 1…64 as booleans, index 0 = flag 1. */
  snapshot(): boolean[] {
    return Array.from({ length: TAPE_ALERT_FLAG_COUNT }, (_, i) => this.#conditions.has(i + 1) || this.#events.has(i + 1));
  }

  /** A host read the page: events are reported once. */
  acknowledgeRead(): void {
    this.#events.clear();
  }

  isSet(flag: number): boolean {
    return this.#conditions.has(flag) || this.#events.has(flag);
  }

  clearAll(): void {
    this.#conditions.clear();
    this.#events.clear();
  }
}
