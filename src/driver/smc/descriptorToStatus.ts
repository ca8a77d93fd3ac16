import type { ElementDescriptor } from '../../scsi/elementStatus/elementDescriptor.ts';
import { designatorText } from '../../scsi/inquiry/designator.ts';
import type { ChangerElement } from '../changerElement.ts';
import { ElementStatusFlags as F, ExceptionCode, type DriveIdentity, type ElementStatus } from '../elementStatus.ts';
import { ElementType } from '../elementType.ts';
import type { AddressMap } from './addressMap.ts';

/**
 * An SMC element descriptor as the Windows model's element status (reference windows-changer
 * §6.3 step 4): zero-based element and source, flags at the shifts of §3.8.1, an exception code
 * from the descriptor's ASC/ASCQ, volume tags and the drive's identity.
 */
export function descriptorToStatus(d: ElementDescriptor, element: ChangerElement, map: AddressMap): ElementStatus {
  let flags = 0;
  if (d.full) flags |= F.FULL;
  if (d.impExp) flags |= F.IMPEXP;
  if (d.except) flags |= F.EXCEPT;
  if (d.access) flags |= F.ACCESS;
  if (d.exEnab) flags |= F.EXENAB;
  if (d.inEnab) flags |= F.INENAB;
  const drive = element.type === ElementType.Drive;
  if (drive && d.luValid) flags |= F.LUN_VALID;
  if (drive && d.idValid) flags |= F.ID_VALID;
  if (drive && d.notBus) flags |= F.NOT_BUS;
  const source = d.sValid ? map.fromAddress(d.sourceAddress) : undefined;
  if (d.sValid && source !== undefined) {
    flags |= F.SVALID;
    if (d.invert) flags |= F.INVERT;
  }
  const primary = d.primaryVolumeTag?.volumeIdentifier;
  const alternate = d.alternateVolumeTag?.volumeIdentifier;
  if (primary !== undefined && primary !== '') flags |= F.PVOLTAG;
  if (alternate !== undefined && alternate !== '') flags |= F.AVOLTAG;
  const identity = drive ? driveIdentity(d) : undefined;
  if (identity !== undefined) flags |= F.PRODUCT_DATA;
  return {
    element,
    sourceElement: flags & F.SVALID ? source : undefined,
    flags: flags >>> 0,
    exceptionCode: d.except ? exceptionCode(d.asc, d.ascq) : ExceptionCode.None,
    targetId: drive && d.idValid ? d.scsiBusAddress : 0,
    lun: drive && d.luValid ? d.lun : 0,
    primaryVolumeId: primary,
    alternateVolumeId: alternate,
    driveIdentity: identity,
    asc: d.asc,
    ascq: d.ascq,
  };
}

/**
 * Element-descriptor ASC/ASCQ (with EXCEPT) → ExceptionCode. The 83h codes are those libraries
 * use (Dell TL2000/TL4000, smc §4): 83/00 not yet scanned, 83/01 no label, 83/02 no magazine,
 * 83/04 drive not installed, 83/09 label unreadable; 3B/12 magazine removed.
 */
export function exceptionCode(asc: number, ascq: number): ExceptionCode {
  if (asc === 0x83) {
    if (ascq === 0x00) return ExceptionCode.LabelQuestionable;
    if (ascq === 0x01 || ascq === 0x09) return ExceptionCode.LabelUnreadable;
    if (ascq === 0x02) return ExceptionCode.SlotNotPresent;
    if (ascq === 0x04) return ExceptionCode.DriveNotInstalled;
  }
  if (asc === 0x3b && (ascq === 0x12 || ascq === 0x11)) return ExceptionCode.SlotNotPresent;
  if (asc === 0x04 && ascq === 0x02) return ExceptionCode.InitStatusNeeded;
  if (asc === 0x82 && ascq === 0x00) return ExceptionCode.DriveNotInstalled;
  return ExceptionCode.UnhandledError;
}

/** DVCID: a T10 vendor ID designator is vendor (8) + product (16) + serial; anything else is a serial. */
function driveIdentity(d: ElementDescriptor): DriveIdentity | undefined {
  const id = d.identification;
  if (id === undefined || id.identifier.length === 0) return undefined;
  const text = designatorText(id) ?? id.identifier.toString('latin1');
  if (text.trim() === '') return undefined;
  if (id.designatorType === 1 && text.length > 24) {
    return { vendorId: text.slice(0, 8).trim(), productId: text.slice(8, 24).trim(), serialNumber: text.slice(24).trim() };
  }
  return { vendorId: '', productId: '', serialNumber: text.trim() };
}
