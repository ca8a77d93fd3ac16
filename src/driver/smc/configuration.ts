import type { DeviceCapabilitiesPage, ElementTypeFlags, ElementTypeMatrix } from '../../scsi/mode/deviceCapabilitiesPage.ts';
import type { ElementAddressAssignmentPage } from '../../scsi/mode/elementAddressAssignmentPage.ts';
import type { TransportGeometryPage } from '../../scsi/mode/transportGeometryPage.ts';
import { Opcode } from '../../scsi/opcodes.ts';
import { ChangerTo, LockUnlock } from '../capabilities.ts';
import { EMPTY_PARAMETERS, type ChangerParameters } from '../changerParameters.ts';
import { ElementType } from '../elementType.ts';
import { Features0, Features1, features0Word } from '../features.ts';
import { AddressMap } from './addressMap.ts';
import type { Quirks } from './quirks.ts';

/** What the miniclass learned at initialize: from mode pages, the command set, a probe, quirks. */
export interface DeviceFacts {
  readonly addressPage: ElementAddressAssignmentPage;
  readonly geometry: TransportGeometryPage | undefined;
  readonly capabilities: DeviceCapabilitiesPage | undefined;
  /** Opcodes from REPORT SUPPORTED OPERATION CODES; undefined when the device cannot say. */
  readonly supportedOpcodes: ReadonlySet<number> | undefined;
  readonly barcodeReader: boolean;
  readonly serialNumberValid: boolean;
  readonly quirks: Quirks;
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

/**
 * GET_CHANGER_PARAMETERS from what an SMC device reports (reference windows-changer §6.2). Display
 * numbering follows mtx so people see the same numbers everywhere: slots from 1, import/export
 * ports after the last slot, drives and transports from 0.
 */
export function parametersFrom(f: DeviceFacts): ChangerParameters {
  const page = f.addressPage;
  const has = (op: number): boolean => f.supportedOpcodes?.has(op) ?? false;
  const caps = f.capabilities;
  const moves = caps?.moveFrom ?? DEFAULT_MOVES;
  const exchanges = caps?.exchangeWith ?? { mt: NONE, st: NONE, ie: NONE, dt: NONE };
  const storage = caps?.storage ?? { ...ALL, mt: false };
  const ie = page.importExport.count;
  const doors = f.quirks.doors;
  const canExchange = !f.quirks.noExchange && [exchanges.mt, exchanges.st, exchanges.ie, exchanges.dt].some((x) => bits(x) !== 0) && (f.supportedOpcodes === undefined || has(Opcode.EXCHANGE_MEDIUM));
  const position = has(Opcode.POSITION_TO_ELEMENT);
  const volumeIdentification = has(Opcode.SEND_VOLUME_TAG) && has(Opcode.REQUEST_VOLUME_ELEMENT_ADDRESS);
  const openClose = ie > 0 && has(Opcode.OPEN_CLOSE_IMPORT_EXPORT_ELEMENT);
  const rangeInit = has(Opcode.INITIALIZE_ELEMENT_STATUS_WITH_RANGE) || has(Opcode.INITIALIZE_ELEMENT_STATUS_WITH_RANGE_VENDOR);
  const lockable = f.supportedOpcodes === undefined || has(Opcode.PREVENT_ALLOW_MEDIUM_REMOVAL);
  const flip = f.geometry?.transports.some((t) => t.rotate) ?? false;
  const features0 = features0Word(
    f.barcodeReader ? Features0.BAR_CODE_SCANNER_INSTALLED : 0,
    rangeInit ? Features0.INIT_ELEM_STAT_WITH_RANGE : 0,
    openClose ? Features0.OPEN_IEPORT | Features0.CLOSE_IEPORT : 0,
    canExchange ? Features0.EXCHANGE_MEDIA : 0,
    lockable && (doors > 0 || ie > 0) ? Features0.LOCK_UNLOCK : 0,
    flip ? Features0.MEDIUM_FLIP : 0,
    position ? Features0.POSITION_TO_ELEMENT : 0,
    ie > 0 ? Features0.REPORT_IEPORT_STATE : 0,
    storage.dt ? Features0.STORAGE_DRIVE : 0,
    storage.ie ? Features0.STORAGE_IEPORT : 0,
    Features0.STORAGE_SLOT,
    storage.mt ? Features0.STORAGE_TRANSPORT : 0,
    f.quirks.driveCleaningRequired ? Features0.DRIVE_CLEANING_REQUIRED : 0,
    f.quirks.predismountEjectRequired ? Features0.PREDISMOUNT_EJECT_REQUIRED : 0,
    f.quirks.magazineSize > 0 ? Features0.CARTRIDGE_MAGAZINE : 0,
    volumeIdentification ? Features0.VOLUME_IDENTIFICATION | Features0.VOLUME_SEARCH | Features0.VOLUME_ASSERT | Features0.VOLUME_REPLACE | Features0.VOLUME_UNDEFINE : 0,
    f.serialNumberValid ? Features0.SERIAL_NUMBER_VALID : 0,
    has(Opcode.REZERO_UNIT) || position ? Features0.DEVICE_REINITIALIZE_CAPABLE : 0,
  );
  return {
    ...EMPTY_PARAMETERS,
    numberTransportElements: Math.max(page.transport.count, 1),
    numberStorageElements: page.storage.count,
    numberIEElements: ie,
    numberDataTransferElements: page.dataTransfer.count,
    numberOfDoors: doors,
    firstSlotNumber: 1,
    firstDriveNumber: 0,
    firstTransportNumber: 0,
    firstIEPortNumber: ie > 0 ? page.storage.count + 1 : 0,
    magazineSize: f.quirks.magazineSize,
    driveCleanTimeout: f.quirks.driveCleaningRequired ? f.quirks.cleaningSeconds * 2 : 0,
    features0,
    features1: canExchange ? Features1.TRUE_EXCHANGE_CAPABLE : 0,
    moveFromTransport: bits(moves.mt),
    moveFromSlot: bits(moves.st),
    moveFromIePort: bits(moves.ie),
    moveFromDrive: bits(moves.dt),
    exchangeFromTransport: canExchange ? bits(exchanges.mt) : 0,
    exchangeFromSlot: canExchange ? bits(exchanges.st) : 0,
    exchangeFromIePort: canExchange ? bits(exchanges.ie) : 0,
    exchangeFromDrive: canExchange ? bits(exchanges.dt) : 0,
    lockUnlockCapabilities: lockable ? (doors > 0 ? LockUnlock.DOOR : 0) | (ie > 0 ? LockUnlock.IEPORT : 0) : 0,
    positionCapabilities: position ? ChangerTo.SLOT | ChangerTo.IEPORT | ChangerTo.DRIVE : 0,
  };
}
