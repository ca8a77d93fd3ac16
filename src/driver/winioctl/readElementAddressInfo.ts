import type { ElementStatus } from '../elementStatus.ts';
import { CHANGER_ELEMENT_STATUS_LENGTH, readChangerElementStatus, writeChangerElementStatus } from './changerElementStatus.ts';
import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { requireLength, WinIoctlFormatError } from './winIoctlFormatError.ts';

const STRUCTURE = 'READ_ELEMENT_ADDRESS_INFO';
const COUNT_LENGTH = 4;

/**
 * sizeof(READ_ELEMENT_ADDRESS_INFO): declared with a one-entry array, so even "no match" takes
 * 104 bytes, and it is the least output IOCTL_CHANGER_QUERY_VOLUME_TAGS accepts (§3.14).
 */
export const READ_ELEMENT_ADDRESS_INFO_LENGTH = COUNT_LENGTH + CHANGER_ELEMENT_STATUS_LENGTH;

/** The Information of a QUERY_VOLUME_TAGS answer with `matches` entries: 104 + (n−1) × 100, or 104 for none. */
export function readElementAddressInfoLength(matches: number): number {
  return COUNT_LENGTH + Math.max(matches, 1) * CHANGER_ELEMENT_STATUS_LENGTH;
}

/**
 * How many entries fit an output buffer. (The Exabyte sample instead asks the device for
 * OutputBufferLength / 104 entries — a quirk of that one driver, not a rule, so not this.)
 */
export function readElementAddressInfoCapacity(outputBufferLength: number): number {
  return Math.max(0, Math.floor((outputBufferLength - COUNT_LENGTH) / CHANGER_ELEMENT_STATUS_LENGTH));
}

/** Entries are always the 100-byte form: drive identities are not carried here. */
export function encodeReadElementAddressInfo(matches: readonly ElementStatus[]): Uint8Array {
  const w = new LeWriter(STRUCTURE, readElementAddressInfoLength(matches.length));
  w.u32(matches.length, 'NumberOfElements');
  matches.forEach((s, i) => {
    const entry = new LeWriter(`${STRUCTURE}.ElementStatus[${i}]`, CHANGER_ELEMENT_STATUS_LENGTH);
    writeChangerElementStatus(entry, s);
    w.bytesOf(entry.finish());
  });
  return w.finish();
}

export function decodeReadElementAddressInfo(bytes: Uint8Array): ElementStatus[] {
  requireLength(STRUCTURE, bytes, READ_ELEMENT_ADDRESS_INFO_LENGTH);
  const count = new LeReader(STRUCTURE, bytes).u32();
  const needed = readElementAddressInfoLength(count);
  if (bytes.length < needed) {
    throw new WinIoctlFormatError(STRUCTURE, `NumberOfElements ${count} needs ${needed} bytes, given ${bytes.length}`, { needed, given: bytes.length });
  }
  return Array.from({ length: count }, (_, i) => {
    const at = COUNT_LENGTH + i * CHANGER_ELEMENT_STATUS_LENGTH;
    return readChangerElementStatus(new LeReader(`${STRUCTURE}.ElementStatus[${i}]`, bytes.subarray(at, at + CHANGER_ELEMENT_STATUS_LENGTH)));
  });
}
