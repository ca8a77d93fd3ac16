import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';

/** One log parameter: 0–1 parameter code, 2 control byte (DU, TSD, ETC, TMC, format and linking), 3 length, value. */
export interface LogParameter {
  code: number;
  control: number;
  value: Buffer;
}

/**
 * A log page as LOG SENSE returns it: byte 0 DS (bit 7), SPF (bit 6), page code; byte 1
 * subpage code; bytes 2–3 page length; then parameters.
 */
export interface LogPage {
  pageCode: number;
  /** SPF. */
  subpageFormat: boolean;
  subpageCode: number;
  /** DS: parameters are not saved. */
  disableSave: boolean;
  parameters: LogParameter[];
}

export interface ParsedLogPage extends LogPage {
  truncated: boolean;
}

export const LogPageCode = {
  SUPPORTED_PAGES: 0x00,
  TEMPERATURE: 0x0d,
  TAPE_ALERT: 0x2e,
} as const;

export function buildLogPage(page: LogPage): Buffer {
  const w = writeLogPageHeader(page);
  for (const p of page.parameters) w.uint16(p.code).uint8(p.control).uint8(p.value.length).bytes(p.value);
  return w.patch(2, 2, w.offset - 4).toBuffer();
}

export function writeLogPageHeader(page: Pick<LogPage, 'pageCode' | 'subpageFormat' | 'subpageCode' | 'disableSave'>): BufferWriter {
  if (!Number.isInteger(page.pageCode) || page.pageCode < 0 || page.pageCode > 0x3f) throw new RangeError(`page code out of range: ${page.pageCode}`);
  return new BufferWriter()
    .uint8((page.disableSave ? 0x80 : 0) | (page.subpageFormat ? 0x40 : 0) | page.pageCode)
    .uint8(page.subpageCode)
    .uint16(0);
}

/** Reads the 4-byte header and returns a reader over the page body as far as it arrived. */
export function openLogPage(bytes: Uint8Array, structure: string): { header: Omit<LogPage, 'parameters'>; body: BufferReader; truncated: boolean } {
  if (bytes.length < 4) throw new ScsiFormatError(structure, `${bytes.length} byte(s) is shorter than the 4-byte header`, 'data');
  const r = new BufferReader(bytes, structure);
  const b0 = r.uint8();
  const subpageCode = r.uint8();
  const length = r.uint16();
  const body = r.sub(Math.min(length, r.remaining));
  return {
    header: { pageCode: b0 & 0x3f, subpageFormat: (b0 & 0x40) !== 0, subpageCode, disableSave: (b0 & 0x80) !== 0 },
    body,
    truncated: bytes.length < 4 + length,
  };
}

/** Truncation-tolerant: a parameter cut by the allocation length ends the list. */
export function parseLogPage(bytes: Uint8Array): ParsedLogPage {
  const { header, body, truncated } = openLogPage(bytes, 'log page');
  const parameters: LogParameter[] = [];
  let cut = false;
  while (body.remaining > 0) {
    if (body.remaining < 4 || 4 + body.buffer[body.offset + 3]! > body.remaining) {
      if (!truncated) throw body.error('parameter runs past the page length', body.offset);
      cut = true;
      break;
    }
    const code = body.uint16();
    const control = body.uint8();
    parameters.push({ code, control, value: body.bytes(body.uint8()) });
  }
  return { ...header, parameters, truncated: truncated || cut };
}

/** Page 00h: the supported page codes, one byte each (no parameters). */
export function buildSupportedLogPages(pageCodes: number[]): Buffer {
  const w = writeLogPageHeader({ pageCode: LogPageCode.SUPPORTED_PAGES, subpageFormat: false, subpageCode: 0, disableSave: false });
  for (const code of pageCodes) w.uint8(code);
  return w.patch(2, 2, w.offset - 4).toBuffer();
}

export function parseSupportedLogPages(bytes: Uint8Array): number[] {
  const { header, body } = openLogPage(bytes, 'supported log pages');
  if (header.pageCode !== LogPageCode.SUPPORTED_PAGES) throw body.error(`page code ${header.pageCode.toString(16)}h is not 00h`, 0);
  return [...body.rest()];
}
