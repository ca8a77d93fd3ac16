/**
 * Where each page of a MODE SELECT parameter list sits, without decoding it: a device that checks
 * a page byte by byte against what may change needs the offsets (sense field pointers count from
 * the start of the parameter list). A PS bit, or a page running past the list, is a
 * parameter-list error pointing at the field.
 */
import { BufferReader } from '../bufferReader.ts';

export interface ModePageSpan {
  /** Offset of the page's first byte in the parameter list. */
  offset: number;
  pageCode: number;
  /** Present for a sub_page format page (SPF = 1). */
  subpageCode?: number;
  /** Bytes before the parameters: 2 (page_0) or 4 (sub_page). */
  headerLength: number;
  /** The whole page, header included. */
  bytes: Buffer;
}

export function modePageSpans(list: Uint8Array, start: number, structure: string): ModePageSpan[] {
  const r = new BufferReader(list, structure, 'parameter-list', start);
  const spans: ModePageSpan[] = [];
  while (r.remaining > 0) {
    const offset = r.offset;
    const b0 = r.uint8();
    if ((b0 & 0x80) !== 0) throw r.error('PS bit is reserved in MODE SELECT', offset, 7);
    const subpageFormat = (b0 & 0x40) !== 0;
    if (r.remaining < (subpageFormat ? 3 : 1)) throw r.error('page header cut short', offset);
    const subpageCode = subpageFormat ? r.uint8() : undefined;
    const lengthAt = r.offset;
    const length = subpageFormat ? r.uint16() : r.uint8();
    if (length > r.remaining) throw r.error(`page length ${length} runs past the end of the list`, lengthAt);
    r.skip(length);
    const headerLength = subpageFormat ? 4 : 2;
    const bytes = Buffer.from(list.subarray(offset, offset + headerLength + length));
    spans.push({ offset, pageCode: b0 & 0x3f, ...(subpageCode === undefined ? {} : { subpageCode }), headerLength, bytes });
  }
  return spans;
}
