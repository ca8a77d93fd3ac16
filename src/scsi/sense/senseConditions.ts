import { SenseKey } from './senseKey.ts';
import { senseText } from './ascText.ts';

/** A sense key with its additional sense code: what a device reports and a driver maps to an error. */
export interface SenseCondition {
  readonly senseKey: SenseKey;
  readonly asc: number;
  readonly ascq: number;
  /** The standard ASC/ASCQ text (from ascText.ts). */
  readonly text: string;
}

function condition(senseKey: SenseKey, asc: number, ascq: number): SenseCondition {
  return Object.freeze({ senseKey, asc, ascq, text: senseText(asc, ascq) });
}

const { NO_SENSE, NOT_READY, HARDWARE_ERROR, ILLEGAL_REQUEST, UNIT_ATTENTION, DATA_PROTECT, BLANK_CHECK, ABORTED_COMMAND, VOLUME_OVERFLOW } =
  SenseKey;

/**
 * The conditions a media changer reports, each with the sense key libraries pair it with
 * (smc.md §4). A device may send the same ASC/ASCQ under another key (53/02 also as UNIT
 * ATTENTION); build that with {...SENSE.X, senseKey}.
 */
export const SENSE = {
  NO_SENSE: condition(NO_SENSE, 0x00, 0x00),
  OPERATION_IN_PROGRESS: condition(NO_SENSE, 0x00, 0x16),
  // Tape drive (SSC) conditions: reported with the FILEMARK/EOM/ILI bits of the sense data.
  FILEMARK_DETECTED: condition(NO_SENSE, 0x00, 0x01),
  BEGINNING_OF_PARTITION_DETECTED: condition(NO_SENSE, 0x00, 0x04),
  END_OF_DATA_DETECTED: condition(BLANK_CHECK, 0x00, 0x05),
  END_OF_PARTITION_DETECTED: condition(VOLUME_OVERFLOW, 0x00, 0x02),
  WRITE_PROTECTED: condition(DATA_PROTECT, 0x27, 0x00),
  WORM_OVERWRITE_ATTEMPTED: condition(DATA_PROTECT, 0x30, 0x0c),
  NOT_READY_CAUSE_NOT_REPORTABLE: condition(NOT_READY, 0x04, 0x00),
  BECOMING_READY: condition(NOT_READY, 0x04, 0x01),
  INITIALIZING_COMMAND_REQUIRED: condition(NOT_READY, 0x04, 0x02),
  MANUAL_INTERVENTION_REQUIRED: condition(NOT_READY, 0x04, 0x03),
  NOT_READY_OPERATION_IN_PROGRESS: condition(NOT_READY, 0x04, 0x07),
  NOT_READY_OFFLINE: condition(NOT_READY, 0x04, 0x12),
  CLEANING_CARTRIDGE_INSTALLED: condition(NOT_READY, 0x30, 0x03),
  MEDIUM_NOT_PRESENT: condition(NOT_READY, 0x3a, 0x00),
  MEDIUM_NOT_PRESENT_TRAY_OPEN: condition(NOT_READY, 0x3a, 0x02),
  MAGAZINE_REMOVED: condition(NOT_READY, 0x3b, 0x12),
  MECHANICAL_POSITIONING_ERROR: condition(HARDWARE_ERROR, 0x15, 0x01),
  INTERNAL_TARGET_FAILURE: condition(HARDWARE_ERROR, 0x44, 0x00),
  HARDWARE_MANUAL_INTERVENTION_REQUIRED: condition(HARDWARE_ERROR, 0x04, 0x03),
  PARAMETER_LIST_LENGTH_ERROR: condition(ILLEGAL_REQUEST, 0x1a, 0x00),
  INVALID_COMMAND_OPERATION_CODE: condition(ILLEGAL_REQUEST, 0x20, 0x00),
  INVALID_ELEMENT_ADDRESS: condition(ILLEGAL_REQUEST, 0x21, 0x01),
  INVALID_FIELD_IN_CDB: condition(ILLEGAL_REQUEST, 0x24, 0x00),
  LOGICAL_UNIT_NOT_SUPPORTED: condition(ILLEGAL_REQUEST, 0x25, 0x00),
  INVALID_FIELD_IN_PARAMETER_LIST: condition(ILLEGAL_REQUEST, 0x26, 0x00),
  PARAMETER_NOT_SUPPORTED: condition(ILLEGAL_REQUEST, 0x26, 0x01),
  PARAMETER_VALUE_INVALID: condition(ILLEGAL_REQUEST, 0x26, 0x02),
  INVALID_RELEASE_OF_PERSISTENT_RESERVATION: condition(ILLEGAL_REQUEST, 0x26, 0x04),
  COMMAND_SEQUENCE_ERROR: condition(ILLEGAL_REQUEST, 0x2c, 0x00),
  INCOMPATIBLE_MEDIUM_INSTALLED: condition(ILLEGAL_REQUEST, 0x30, 0x00),
  SAVING_PARAMETERS_NOT_SUPPORTED: condition(ILLEGAL_REQUEST, 0x39, 0x00),
  MEDIUM_DESTINATION_ELEMENT_FULL: condition(ILLEGAL_REQUEST, 0x3b, 0x0d),
  MEDIUM_SOURCE_ELEMENT_EMPTY: condition(ILLEGAL_REQUEST, 0x3b, 0x0e),
  MAGAZINE_NOT_ACCESSIBLE: condition(ILLEGAL_REQUEST, 0x3b, 0x11),
  MEDIUM_REMOVAL_PREVENTED: condition(ILLEGAL_REQUEST, 0x53, 0x02),
  INSUFFICIENT_REGISTRATION_RESOURCES: condition(ILLEGAL_REQUEST, 0x55, 0x04),
  NOT_READY_TO_READY_CHANGE: condition(UNIT_ATTENTION, 0x28, 0x00),
  IMPORT_EXPORT_ELEMENT_ACCESSED: condition(UNIT_ATTENTION, 0x28, 0x01),
  POWER_ON_RESET: condition(UNIT_ATTENTION, 0x29, 0x00),
  POWER_ON_OCCURRED: condition(UNIT_ATTENTION, 0x29, 0x01),
  BUS_RESET_OCCURRED: condition(UNIT_ATTENTION, 0x29, 0x02),
  BUS_DEVICE_RESET_OCCURRED: condition(UNIT_ATTENTION, 0x29, 0x03),
  DEVICE_INTERNAL_RESET: condition(UNIT_ATTENTION, 0x29, 0x04),
  I_T_NEXUS_LOSS_OCCURRED: condition(UNIT_ATTENTION, 0x29, 0x07),
  MODE_PARAMETERS_CHANGED: condition(UNIT_ATTENTION, 0x2a, 0x01),
  LOG_PARAMETERS_CHANGED: condition(UNIT_ATTENTION, 0x2a, 0x02),
  RESERVATIONS_PREEMPTED: condition(UNIT_ATTENTION, 0x2a, 0x03),
  RESERVATIONS_RELEASED: condition(UNIT_ATTENTION, 0x2a, 0x04),
  REGISTRATIONS_PREEMPTED: condition(UNIT_ATTENTION, 0x2a, 0x05),
  MAGAZINE_INSERTED: condition(UNIT_ATTENTION, 0x3b, 0x13),
  MICROCODE_CHANGED: condition(UNIT_ATTENTION, 0x3f, 0x01),
  INQUIRY_DATA_CHANGED: condition(UNIT_ATTENTION, 0x3f, 0x03),
  REPORTED_LUNS_DATA_CHANGED: condition(UNIT_ATTENTION, 0x3f, 0x0e),
  COMMANDS_CLEARED_BY_ANOTHER_INITIATOR: condition(UNIT_ATTENTION, 0x2f, 0x00),
  OVERLAPPED_COMMANDS_ATTEMPTED: condition(ABORTED_COMMAND, 0x4e, 0x00),
} as const satisfies Record<string, SenseCondition>;

export type SenseConditionName = keyof typeof SENSE;
