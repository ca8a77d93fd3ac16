import type { ElementStatus } from '../elementStatus.ts';
import { ElementStatusFlags } from '../elementStatus.ts';
import { MAX_VOLUME_ID_SIZE } from '../requests.ts';
import { readAsciiField, writeVolumeText } from './asciiField.ts';
import { changerElementFrom, readChangerElement, writeChangerElement } from './changerElement.ts';
import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { requireLength } from './winIoctlFormatError.ts';

/** sizeof(CHANGER_ELEMENT_STATUS) (§3.8). */
export const CHANGER_ELEMENT_STATUS_LENGTH = 100;

const STRUCTURE = 'CHANGER_ELEMENT_STATUS';
const SOURCE_ELEMENT_LENGTH = 8;
const RESERVED_LENGTH = 2;

/**
 * The 100 bytes shared by CHANGER_ELEMENT_STATUS and the head of CHANGER_ELEMENT_STATUS_EX.
 *
 * SrcElementAddress, PrimaryVolumeID and AlternateVolumeID are valid only under their flags (SVALID,
 * PVOLTAG, AVOLTAG), and the model holds them as optional values. One rule for all three: a flag
 * without its value cannot be written and throws; a value without its flag is written (Windows would
 * ignore those bytes) but reads back as undefined, since a reader must not trust unflagged bytes.
 *
 * `flags` is written as given: the _EX writer passes the model's word, the 100-byte writer one
 * without PRODUCT_DATA (that flag promises a tail this form lacks).
 */
export function writeElementStatusHead(w: LeWriter, s: ElementStatus, flags: number): void {
  writeChangerElement(w, s.element, 'Element');
  if (s.sourceElement !== undefined) writeChangerElement(w, s.sourceElement, 'SrcElementAddress');
  else if (hasStatusFlag(flags, ElementStatusFlags.SVALID)) throw w.invalid('SrcElementAddress', 'ELEMENT_STATUS_SVALID is set but the source element is missing');
  else w.skip(SOURCE_ELEMENT_LENGTH);
  w.u32(flags, 'Flags').u32(s.exceptionCode, 'ExceptionCode').u8(s.targetId, 'TargetId').u8(s.lun, 'Lun').skip(RESERVED_LENGTH);
  writeVolumeId(w, s.primaryVolumeId, flags, 'PVOLTAG', 'PrimaryVolumeID');
  writeVolumeId(w, s.alternateVolumeId, flags, 'AVOLTAG', 'AlternateVolumeID');
}

/**
 * ExceptionCode is kept as read, even outside the ERROR_* values: it is the device's report, and one
 * vendor's odd code must not make a whole status array unreadable. The model's asc/ascq have no
 * place in the Windows structure and come back absent.
 */
export function readElementStatusHead(r: LeReader): ElementStatus {
  const element = readChangerElement(r, 'Element');
  const sourceType = r.u32();
  const sourceIndex = r.u32();
  const flags = r.u32();
  const exceptionCode = r.u32();
  const targetId = r.u8();
  const lun = r.u8();
  r.skip(RESERVED_LENGTH);
  const primaryVolumeId = readAsciiField(r, MAX_VOLUME_ID_SIZE);
  const alternateVolumeId = readAsciiField(r, MAX_VOLUME_ID_SIZE);
  return {
    element,
    // Only an SVALID source is checked: unflagged bytes may hold anything, even a bad ELEMENT_TYPE.
    sourceElement: hasStatusFlag(flags, ElementStatusFlags.SVALID) ? changerElementFrom(r, sourceType, sourceIndex, 'SrcElementAddress') : undefined,
    flags,
    exceptionCode,
    targetId,
    lun,
    primaryVolumeId: hasStatusFlag(flags, ElementStatusFlags.PVOLTAG) ? primaryVolumeId : undefined,
    alternateVolumeId: hasStatusFlag(flags, ElementStatusFlags.AVOLTAG) ? alternateVolumeId : undefined,
    driveIdentity: undefined,
  };
}

/**
 * A 100-byte entry carries no drive identity: driveIdentity is dropped and PRODUCT_DATA cleared, which
 * is what a caller who passed a buffer too small for the _EX stride gets (§3.8.3).
 */
export function writeChangerElementStatus(w: LeWriter, s: ElementStatus): void {
  writeElementStatusHead(w, s, withoutProductData(s.flags));
}

/** A word that is no ULONG passes through untouched, so the writer refuses it instead of the mask hiding it. */
function withoutProductData(flags: number): number {
  const isUlong = Number.isInteger(flags) && flags >= 0 && flags <= 0xffffffff;
  return isUlong ? (flags & ~ElementStatusFlags.PRODUCT_DATA) >>> 0 : flags;
}

export function readChangerElementStatus(r: LeReader): ElementStatus {
  return readElementStatusHead(r);
}

export function encodeChangerElementStatus(s: ElementStatus): Uint8Array {
  const w = new LeWriter(STRUCTURE, CHANGER_ELEMENT_STATUS_LENGTH);
  writeChangerElementStatus(w, s);
  return w.finish();
}

export function decodeChangerElementStatus(bytes: Uint8Array): ElementStatus {
  requireLength(STRUCTURE, bytes, CHANGER_ELEMENT_STATUS_LENGTH);
  return readChangerElementStatus(new LeReader(STRUCTURE, bytes));
}

function writeVolumeId(w: LeWriter, id: string | undefined, flags: number, flag: 'PVOLTAG' | 'AVOLTAG', field: string): void {
  if (id !== undefined) writeVolumeText(w, id, MAX_VOLUME_ID_SIZE, field);
  else if (hasStatusFlag(flags, ElementStatusFlags[flag])) throw w.invalid(field, `ELEMENT_STATUS_${flag} is set but the volume ID is missing`);
  else w.skip(MAX_VOLUME_ID_SIZE);
}

/** True when every bit of `flag` is set; unsigned, since AVOLTAG and friends sit high in the word. */
export function hasStatusFlag(flags: number, flag: number): boolean {
  return ((flags & flag) >>> 0) === flag;
}
