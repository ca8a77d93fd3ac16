/**
 * The one table from the library's conditions to sense data (smc.md §4), plus the few conditions
 * real libraries report with vendor or SMC-3 codes that src/scsi's SENSE list does not name.
 */
import { SENSE, SenseKey, findSenseText, senseFor, type FieldPointer, type FixedSenseData, type SenseCondition } from '../scsi/index.ts';
import type { LibraryCondition, LibraryRefusal, OperandRole } from './conditions.ts';
import type { UnitAttentionCondition } from './unitAttentions.ts';

function vendorCondition(senseKey: SenseKey, asc: number, ascq: number, text: string): SenseCondition {
  return Object.freeze({ senseKey, asc, ascq, text: findSenseText(asc, ascq) ?? text });
}

/** Conditions named here because src/scsi's list is about the standard ones. */
export const LIBRARY_SENSE = {
  /** Door open, robot disabled (vendor 04/83: Dell TL2000, Spectra). */
  DOOR_OPEN: vendorCondition(SenseKey.NOT_READY, 0x04, 0x83, 'Door open'),
  /** The drive still has the cartridge loaded (vendor 3B/83: IBM TS3400 "source drive not unloaded"). */
  SOURCE_DRIVE_NOT_UNLOADED: vendorCondition(SenseKey.ILLEGAL_REQUEST, 0x3b, 0x83, 'Source drive not unloaded'),
  /** The picker already holds a cartridge (vendor 3B/A0: Dell "medium transfer element full"). */
  TRANSPORT_ELEMENT_FULL: vendorCondition(SenseKey.ILLEGAL_REQUEST, 0x3b, 0xa0, 'Medium transport element full'),
  /** SMC-3 3B/18 element disabled. */
  ELEMENT_DISABLED: vendorCondition(SenseKey.ILLEGAL_REQUEST, 0x3b, 0x18, 'Element disabled'),
  /** The drive would not let go of its cartridge (SPC 53/00). */
  DRIVE_UNLOAD_FAILED: vendorCondition(SenseKey.HARDWARE_ERROR, 0x53, 0x00, 'Media load or eject failed'),
  MAGAZINE_REMOVED_ATTENTION: { ...SENSE.MAGAZINE_REMOVED, senseKey: SenseKey.UNIT_ATTENTION },
} as const;

/** ASC/ASCQ of an element descriptor with Except = 1 (smc.md §4, element-descriptor codes). */
export const ELEMENT_EXCEPTION = {
  MAGAZINE_REMOVED: { asc: 0x3b, ascq: 0x12 },
  ELEMENT_DISABLED: { asc: 0x3b, ascq: 0x18 },
  /** Vendor 83/09: unable to read the bar code (HP/Plasmon, mhVTL). */
  LABEL_UNREADABLE: { asc: 0x83, ascq: 0x09 },
} as const;

const BY_CONDITION: Readonly<Record<Exclude<LibraryCondition, 'robot-busy'>, SenseCondition>> = {
  'source-empty': SENSE.MEDIUM_SOURCE_ELEMENT_EMPTY,
  'destination-full': SENSE.MEDIUM_DESTINATION_ELEMENT_FULL,
  'transport-full': LIBRARY_SENSE.TRANSPORT_ELEMENT_FULL,
  'invalid-element-address': SENSE.INVALID_ELEMENT_ADDRESS,
  'invalid-combination': SENSE.INVALID_FIELD_IN_CDB,
  'invert-not-possible': SENSE.INVALID_FIELD_IN_CDB,
  'magazine-removed': SENSE.MAGAZINE_REMOVED,
  'ieport-open': SENSE.MEDIUM_NOT_PRESENT_TRAY_OPEN,
  'element-disabled': LIBRARY_SENSE.ELEMENT_DISABLED,
  'drive-not-unloaded': LIBRARY_SENSE.SOURCE_DRIVE_NOT_UNLOADED,
  'drive-unload-failed': LIBRARY_SENSE.DRIVE_UNLOAD_FAILED,
  'mechanical-jam': SENSE.MECHANICAL_POSITIONING_ERROR,
  'power-interrupted': SENSE.POWER_ON_RESET,
  'door-open': LIBRARY_SENSE.DOOR_OPEN,
  'becoming-ready': SENSE.BECOMING_READY,
  'removal-prevented': SENSE.MEDIUM_REMOVAL_PREVENTED,
  'ieport-not-controllable': SENSE.INVALID_FIELD_IN_CDB,
};

/** Where each operand sits in a command's CDB, for the sense field pointer. */
export type OperandFields = Partial<Record<OperandRole, FieldPointer>>;

/** Sense for a refusal; ILLEGAL REQUEST ones point at the CDB field of the operand at fault. */
export function senseForRefusal(refusal: LibraryRefusal, fields: OperandFields = {}): FixedSenseData {
  const condition = BY_CONDITION[refusal.condition as Exclude<LibraryCondition, 'robot-busy'>];
  const field = refusal.role === undefined ? undefined : fields[refusal.role];
  if (condition.senseKey !== SenseKey.ILLEGAL_REQUEST || field === undefined) return senseFor(condition);
  return senseFor(condition, {
    senseKeySpecific: { kind: 'field-pointer', commandData: true, fieldPointer: field.byte, ...(field.bit === undefined ? {} : { bitPointer: field.bit }) },
  });
}

const BY_ATTENTION: Readonly<Record<UnitAttentionCondition, SenseCondition>> = {
  'power-on': SENSE.POWER_ON_RESET,
  'device-reset': SENSE.BUS_DEVICE_RESET_OCCURRED,
  'nexus-loss': SENSE.I_T_NEXUS_LOSS_OCCURRED,
  'not-ready-to-ready': SENSE.NOT_READY_TO_READY_CHANGE,
  'ie-element-accessed': SENSE.IMPORT_EXPORT_ELEMENT_ACCESSED,
  'magazine-removed': LIBRARY_SENSE.MAGAZINE_REMOVED_ATTENTION,
  'magazine-inserted': SENSE.MAGAZINE_INSERTED,
  'mode-parameters-changed': SENSE.MODE_PARAMETERS_CHANGED,
  'reservations-preempted': SENSE.RESERVATIONS_PREEMPTED,
  'reservations-released': SENSE.RESERVATIONS_RELEASED,
  'registrations-preempted': SENSE.REGISTRATIONS_PREEMPTED,
};

export function senseForAttention(condition: UnitAttentionCondition): FixedSenseData {
  return senseFor(BY_ATTENTION[condition]);
}

/** 02/04/01, with the SKSV progress indication (fraction of 65536) when the library knows how far it is. */
export function becomingReady(progress: number | undefined): FixedSenseData {
  if (progress === undefined) return senseFor(SENSE.BECOMING_READY);
  return senseFor(SENSE.BECOMING_READY, { senseKeySpecific: { kind: 'progress', progress: Math.min(0xffff, Math.floor(progress * 0x10000)) } });
}

/** ILLEGAL REQUEST with a field pointer into the CDB (C/D = 1) or the parameter list (C/D = 0). */
export function invalidField(inCdb: boolean, byte: number, bit?: number): FixedSenseData {
  return senseFor(inCdb ? SENSE.INVALID_FIELD_IN_CDB : SENSE.INVALID_FIELD_IN_PARAMETER_LIST, {
    senseKeySpecific: { kind: 'field-pointer', commandData: inCdb, fieldPointer: byte, ...(bit === undefined ? {} : { bitPointer: bit }) },
  });
}
