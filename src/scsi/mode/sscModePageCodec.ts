/**
 * What the SSC mode page codecs share: the page header of either format (page_0: code, length;
 * sub_page: SPF, code, subpage, 2-byte length) and reading a whole page back from its bytes.
 * SSC pages are kept out of modePage.ts's union on purpose: their codes mean other pages on a
 * changer (1Dh is SMC's element address assignment), so they are encoded and decoded only by a
 * tape drive's code, which knows it is a tape drive.
 */
import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import type { RawModePage } from './modePage.ts';

/** A writer with the page header written; `length` is the page length field (bytes after it). */
export function startSscModePage(pageCode: number, length: number, subpageCode?: number): BufferWriter {
  if (subpageCode === undefined) return new BufferWriter(2 + length).uint8(pageCode).uint8(length);
  return new BufferWriter(4 + length).uint8(0x40 | pageCode).uint8(subpageCode).uint16(length);
}

/** A reader over the page body, after checking the code, subpage and page length it must have. */
export function openSscModePage(bytes: Uint8Array, name: string, pageCode: number, length: number, subpageCode?: number): BufferReader {
  const r = new BufferReader(bytes, name);
  const b0 = r.uint8();
  if ((b0 & 0x3f) !== pageCode) throw r.error(`page code ${(b0 & 0x3f).toString(16)}h is not ${pageCode.toString(16)}h`, 0);
  if (((b0 & 0x40) !== 0) !== (subpageCode !== undefined)) throw r.error(subpageCode === undefined ? 'SPF is set on a page_0 page' : 'SPF is clear on a sub_page page', 0, 6);
  if (subpageCode !== undefined) {
    const actual = r.uint8();
    if (actual !== subpageCode) throw r.error(`subpage ${actual.toString(16)}h is not ${subpageCode.toString(16)}h`, 1);
  }
  const at = r.offset;
  const actualLength = subpageCode === undefined ? r.uint8() : r.uint16();
  if (actualLength !== length) throw r.error(`page length ${actualLength} is not ${length}`, at);
  r.need(length);
  return r;
}

/** An encoded page carried as a raw one, so the mode parameter list builder can hold it. */
export function asRawModePage(encoded: Buffer): RawModePage {
  const subpageFormat = (encoded[0]! & 0x40) !== 0;
  const pageCode = encoded[0]! & 0x3f;
  const parameters = Buffer.from(encoded.subarray(subpageFormat ? 4 : 2));
  return subpageFormat ? { kind: 'raw', parametersSaveable: false, pageCode, subpageCode: encoded[1]!, parameters } : { kind: 'raw', parametersSaveable: false, pageCode, parameters };
}

export function flag(value: boolean, position: number): number {
  return value ? 1 << position : 0;
}

export function isOn(byte: number, position: number): boolean {
  return (byte & (1 << position)) !== 0;
}

export function field(value: number, width: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value >= 1 << width) throw new RangeError(`${what} does not fit in ${width} bits: ${value}`);
  return value;
}
