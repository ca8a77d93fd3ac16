import type { DeviceCapabilitiesPage, ElementTypeFlags, ElementTypeMatrix } from '../../scsi/mode/deviceCapabilitiesPage.ts';
import type { ElementAddressAssignmentPage } from '../../scsi/mode/elementAddressAssignmentPage.ts';
import type { TransportGeometryPage } from '../../scsi/mode/transportGeometryPage.ts';
import { Opcode } from '../../scsi/opcodes.ts';
import { ChangerTo, LockUnlock } from '../capabilities.ts';
import { EMPTY_PARAMETERS, type ChangerParameters } from '../changerParameters.ts';
import { ElementType } from '../elementType.ts';
import { Features0, Features1, features0Word, features1Word } from '../features.ts';
import { AddressMap } from './addressMap.ts';
import type { ProductFacts } from './productFacts.ts';

/** What the miniclass learned at initialize: from mode pages, the command set, a probe, the product facts. */
export interface DeviceFacts {
  readonly addressPage: ElementAddressAssignmentPage;
  readonly geometry: TransportGeometryPage | undefined;
  readonly capabilities: DeviceCapabilitiesPage | undefined;
  /** Opcodes from REPORT SUPPORTED OPERATION CODES; undefined when the device cannot say. */
  readonly supportedOpcodes: ReadonlySet<number> | undefined;
  /**
   * The CDB usage maps (REPORT SUPPORTED OPERATION CODES, one command) of the commands whose
   * action field says what the device accepts: OPEN/CLOSE IMPORT/EXPORT ELEMENT (byte 4: bit 0
   * usable = CLOSE accepted) and SEND VOLUME TAG (byte 5: the send action codes). Absent when the
   * device does not report the command or cannot report usage.
   */
  readonly usage?: { readonly openClose?: Uint8Array; readonly sendVolumeTag?: Uint8Array };
  readonly barcodeReader: boolean;
  readonly serialNumberValid: boolean;
  readonly facts: ProductFacts;
}

/** The map page 1Dh implies if addresses are contiguous; the miniclass then reads the real ones. */
export function addressMapFrom(page: ElementAddressAssignmentPage): AddressMap {
  const r = (x: { firstAddress: number; count: number }): { first: number; count: number } => ({ first: x.firstAddress, count: x.count });
  return AddressMap.contiguous({
    [ElementType.Transport]: r(page.transport),
    [ElementType.Slot]: r(page.storage),
    [ElementType.IEPort]: r(page.importExport),
    [ElementType.Drive]: r(page.dataTransfer),
  });
}

const bits = (f: ElementTypeFlags): number => (f.mt ? ChangerTo.TRANSPORT : 0) | (f.st ? ChangerTo.SLOT : 0) | (f.ie ? ChangerTo.IEPORT : 0) | (f.dt ? ChangerTo.DRIVE : 0);
const ALL: ElementTypeFlags = { mt: true, st: true, ie: true, dt: true };
/** A device without page 1Fh: moves among slots, IE ports and drives, no exchange. */
const NO_TRANSPORT: ElementTypeFlags = { mt: false, st: true, ie: true, dt: true };
const DEFAULT_MOVES: ElementTypeMatrix = { mt: NO_TRANSPORT, st: NO_TRANSPORT, ie: NO_TRANSPORT, dt: NO_TRANSPORT };
const NONE: ElementTypeFlags = { mt: false, st: false, ie: false, dt: false };

/** Which SEND VOLUME TAG action groups the device accepts: what its usage map allows and the product implements. */
function volumeTagGroups(f: DeviceFacts): { search: boolean; assert: boolean; replace: boolean; undefine: boolean } {
  const mask = f.usage?.sendVolumeTag?.[5];
  // A code is usable when every bit it sets is a bit the device looks at.
  const fits = (code: number): boolean => mask === undefined || (code & ~mask & 0x1f) === 0;
  const implemented = (g: 'translate' | 'assert' | 'replace' | 'undefine'): boolean => f.facts.volumeTagActions.includes(g);
  return {
    search: implemented('translate'),
    assert: implemented('assert') && fits(0x8),
    replace: implemented('replace') && fits(0xa),
    undefine: implemented('undefine') && fits(0xc),
  };
}

/** Whether the host can extend and retract the import/export elements (OPEN/CLOSE IMPORT/EXPORT ELEMENT, action 0 / 1). */
function ieportControl(f: DeviceFacts, ie: number): { open: boolean; close: boolean } {
  const listed = ie > 0 && (f.supportedOpcodes?.has(Opcode.OPEN_CLOSE_IMPORT_EXPORT_ELEMENT) ?? false);
  if (!listed) return { open: false, close: false };
  const action = f.usage?.openClose?.[4];
  // Action 0 (open) needs no bit; action 1 (close) needs bit 0 of the action field to be usable.
  return { open: true, close: action === undefined || (action & 0x01) !== 0 };
}

/**
 * GET_CHANGER_PARAMETERS from what an SMC device reports (reference windows-changer §6.2), and
 * from the product's fact table where SCSI cannot say. Display numbering follows mtx so people
 * see the same numbers everywhere: slots from the vendor's first number (1), import/export ports
 * after the last slot, drives and transports from 0.
 */
export function parametersFrom(f: DeviceFacts): ChangerParameters {
  const page = f.addressPage;
  const facts = f.facts;
  const has = (op: number): boolean => f.supportedOpcodes?.has(op) ?? false;
  const caps = f.capabilities;
  const moves = caps?.moveFrom ?? DEFAULT_MOVES;
  const exchanges = caps?.exchangeWith ?? { mt: NONE, st: NONE, ie: NONE, dt: NONE };
  const storage = caps?.storage ?? { ...ALL, mt: false };
  const ie = page.importExport.count;
  const doors = facts.doors;
  const canExchange = !facts.noExchange && [exchanges.mt, exchanges.st, exchanges.ie, exchanges.dt].some((x) => bits(x) !== 0) && (f.supportedOpcodes === undefined || has(Opcode.EXCHANGE_MEDIUM));
  const position = has(Opcode.POSITION_TO_ELEMENT);
  const volumeIdentification = has(Opcode.SEND_VOLUME_TAG) && has(Opcode.REQUEST_VOLUME_ELEMENT_ADDRESS);
  const tags = volumeTagGroups(f);
  const ieport = ieportControl(f, ie);
  const rangeInit = has(Opcode.INITIALIZE_ELEMENT_STATUS_WITH_RANGE) || has(Opcode.INITIALIZE_ELEMENT_STATUS_WITH_RANGE_VENDOR);
  const lockable = f.supportedOpcodes === undefined || has(Opcode.PREVENT_ALLOW_MEDIUM_REMOVAL);
  const keypad = lockable && facts.keypadLock;
  const flip = f.geometry?.transports.some((t) => t.rotate) ?? false;
  const cleaning = facts.driveCleaningRequired;
  const cleanerSlot = cleaning && facts.cleanerSlotNumber !== null && page.storage.count > 0;
  const features0 = features0Word(
    f.barcodeReader ? Features0.BAR_CODE_SCANNER_INSTALLED : 0,
    rangeInit ? Features0.INIT_ELEM_STAT_WITH_RANGE : 0,
    ieport.close ? Features0.CLOSE_IEPORT : 0,
    ieport.open ? Features0.OPEN_IEPORT : 0,
    facts.statusNonVolatile ? Features0.STATUS_NON_VOLATILE : 0,
    canExchange ? Features0.EXCHANGE_MEDIA : 0,
    cleanerSlot ? Features0.CLEANER_SLOT : 0,
    lockable && (doors > 0 || ie > 0 || keypad) ? Features0.LOCK_UNLOCK : 0,
    facts.magazineSize > 0 ? Features0.CARTRIDGE_MAGAZINE : 0,
    flip ? Features0.MEDIUM_FLIP : 0,
    position ? Features0.POSITION_TO_ELEMENT : 0,
    ie > 0 ? Features0.REPORT_IEPORT_STATE : 0,
    storage.dt ? Features0.STORAGE_DRIVE : 0,
    storage.ie ? Features0.STORAGE_IEPORT : 0,
    Features0.STORAGE_SLOT,
    storage.mt ? Features0.STORAGE_TRANSPORT : 0,
    cleaning ? Features0.DRIVE_CLEANING_REQUIRED : 0,
    facts.predismountEjectRequired ? Features0.PREDISMOUNT_EJECT_REQUIRED : 0,
    cleaning && facts.cleanerAccessNotValid ? Features0.CLEANER_ACCESS_NOT_VALID : 0,
    facts.premountEjectRequired ? Features0.PREMOUNT_EJECT_REQUIRED : 0,
    volumeIdentification ? Features0.VOLUME_IDENTIFICATION : 0,
    volumeIdentification && tags.search ? Features0.VOLUME_SEARCH : 0,
    volumeIdentification && tags.assert ? Features0.VOLUME_ASSERT : 0,
    volumeIdentification && tags.replace ? Features0.VOLUME_REPLACE : 0,
    volumeIdentification && tags.undefine ? Features0.VOLUME_UNDEFINE : 0,
    f.serialNumberValid ? Features0.SERIAL_NUMBER_VALID : 0,
    has(Opcode.REZERO_UNIT) || position ? Features0.DEVICE_REINITIALIZE_CAPABLE : 0,
    keypad ? Features0.KEYPAD_ENABLE_DISABLE : 0,
    doors > 0 && facts.driveEmptyOnDoorAccess ? Features0.DRIVE_EMPTY_ON_DOOR_ACCESS : 0,
  );
  const features1 = features1Word(
    canExchange ? Features1.TRUE_EXCHANGE_CAPABLE : 0,
    // An import/export element the host cannot extend or retract is opened or closed by the operator.
    ie > 0 && !ieport.open ? Features1.IEPORT_USER_CONTROL_OPEN : 0,
    ie > 0 && !ieport.close ? Features1.IEPORT_USER_CONTROL_CLOSE : 0,
  );
  // The cleaner slot is one of page 1Dh's storage elements, but NumberStorageElements counts data slots only.
  const dataSlots = page.storage.count - (cleanerSlot ? 1 : 0);
  return {
    ...EMPTY_PARAMETERS,
    numberTransportElements: Math.max(page.transport.count, 1),
    numberStorageElements: dataSlots,
    numberCleanerSlots: cleanerSlot ? 1 : 0,
    numberIEElements: ie,
    numberDataTransferElements: page.dataTransfer.count,
    numberOfDoors: doors,
    firstSlotNumber: facts.firstSlotNumber,
    firstDriveNumber: 0,
    firstTransportNumber: 0,
    firstIEPortNumber: ie > 0 ? facts.firstSlotNumber + page.storage.count : 0,
    firstCleanerSlotAddress: cleanerSlot ? (facts.cleanerSlotNumber ?? 0) : 0,
    magazineSize: facts.magazineSize,
    driveCleanTimeout: cleaning ? facts.cleaningSeconds * 2 : 0,
    features0,
    features1,
    moveFromTransport: bits(moves.mt),
    moveFromSlot: bits(moves.st),
    moveFromIePort: bits(moves.ie),
    moveFromDrive: bits(moves.dt),
    exchangeFromTransport: canExchange ? bits(exchanges.mt) : 0,
    exchangeFromSlot: canExchange ? bits(exchanges.st) : 0,
    exchangeFromIePort: canExchange ? bits(exchanges.ie) : 0,
    exchangeFromDrive: canExchange ? bits(exchanges.dt) : 0,
    lockUnlockCapabilities: lockable ? (doors > 0 ? LockUnlock.DOOR : 0) | (ie > 0 ? LockUnlock.IEPORT : 0) | (keypad ? LockUnlock.KEYPAD : 0) : 0,
    positionCapabilities: position ? ChangerTo.SLOT | ChangerTo.IEPORT | ChangerTo.DRIVE : 0,
  };
}
