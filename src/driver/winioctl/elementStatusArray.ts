import type { ElementStatus } from '../elementStatus.ts';
import { CHANGER_ELEMENT_STATUS_LENGTH, readChangerElementStatus, writeChangerElementStatus } from './changerElementStatus.ts';
import { CHANGER_ELEMENT_STATUS_EX_LENGTH, readChangerElementStatusEx, writeChangerElementStatusEx } from './changerElementStatusEx.ts';
import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { WinIoctlFormatError } from './winIoctlFormatError.ts';

/** The two entry sizes of IOCTL_CHANGER_GET_ELEMENT_STATUS output. */
export type ElementStatusStride = typeof CHANGER_ELEMENT_STATUS_LENGTH | typeof CHANGER_ELEMENT_STATUS_EX_LENGTH;

const STRUCTURE = 'CHANGER_ELEMENT_STATUS array';

/**
 * The stride of §3.8.3, as the sample miniclasses choose it: once per request, from the caller's
 * output buffer. Room for `count` _EX entries gets the 156-byte form for every entry, whatever its
 * type; else room for `count` plain entries gets 100; else the buffer is too small, the case the
 * class driver fails with STATUS_BUFFER_TOO_SMALL.
 */
export function elementStatusStride(outputBufferLength: number, count: number): ElementStatusStride {
  checkCount(count);
  if (outputBufferLength >= count * CHANGER_ELEMENT_STATUS_EX_LENGTH) return CHANGER_ELEMENT_STATUS_EX_LENGTH;
  if (outputBufferLength >= count * CHANGER_ELEMENT_STATUS_LENGTH) return CHANGER_ELEMENT_STATUS_LENGTH;
  throw WinIoctlFormatError.tooShort(STRUCTURE, count * CHANGER_ELEMENT_STATUS_LENGTH, outputBufferLength);
}

/**
 * GET_ELEMENT_STATUS output for a caller's buffer of `outputBufferLength` bytes: the returned bytes
 * are exactly what IoStatus.Information counts (count × stride), not the whole buffer.
 */
export function encodeElementStatusArray(statuses: readonly ElementStatus[], outputBufferLength: number): Uint8Array {
  if (statuses.length === 0) return new Uint8Array(0);
  const stride = elementStatusStride(outputBufferLength, statuses.length);
  const out = new Uint8Array(statuses.length * stride);
  statuses.forEach((s, i) => out.set(encodeEntry(s, stride, i), i * stride));
  return out;
}

/**
 * Parses GET_ELEMENT_STATUS output the way a caller must: `bytes` are the Information bytes,
 * `count` the entries they hold, and the stride is bytes / count — which must come out as exactly
 * 100 or 156.
 */
export function decodeElementStatusArray(bytes: Uint8Array, count: number): ElementStatus[] {
  checkCount(count);
  if (count === 0) {
    if (bytes.length !== 0) throw new WinIoctlFormatError(STRUCTURE, `${bytes.length} bytes for 0 entries`);
    return [];
  }
  const stride = bytes.length / count;
  if (stride !== CHANGER_ELEMENT_STATUS_LENGTH && stride !== CHANGER_ELEMENT_STATUS_EX_LENGTH) {
    throw new WinIoctlFormatError(STRUCTURE, `${bytes.length} bytes for ${count} entries is a stride of ${stride}, neither 100 nor 156`, {
      needed: count * CHANGER_ELEMENT_STATUS_LENGTH,
      given: bytes.length,
    });
  }
  return Array.from({ length: count }, (_, i) => decodeEntry(bytes.subarray(i * stride, (i + 1) * stride), stride, i));
}

function encodeEntry(s: ElementStatus, stride: ElementStatusStride, i: number): Uint8Array {
  if (stride === CHANGER_ELEMENT_STATUS_EX_LENGTH) {
    const w = new LeWriter(`CHANGER_ELEMENT_STATUS_EX[${i}]`, stride);
    writeChangerElementStatusEx(w, s);
    return w.finish();
  }
  const w = new LeWriter(`CHANGER_ELEMENT_STATUS[${i}]`, stride);
  writeChangerElementStatus(w, s);
  return w.finish();
}

function decodeEntry(entry: Uint8Array, stride: ElementStatusStride, i: number): ElementStatus {
  if (stride === CHANGER_ELEMENT_STATUS_EX_LENGTH) return readChangerElementStatusEx(new LeReader(`CHANGER_ELEMENT_STATUS_EX[${i}]`, entry));
  return readChangerElementStatus(new LeReader(`CHANGER_ELEMENT_STATUS[${i}]`, entry));
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) throw new WinIoctlFormatError(STRUCTURE, `count ${count} is not a number of entries`);
}
