import type { BufferReader } from '../bufferReader.ts';
import { encodeElementStatusPage, readElementStatusPage, ELEMENT_STATUS_PAGE_HEADER_LENGTH, type ElementStatusPage, type ReadPageOptions } from './elementStatusPage.ts';

/**
 * What READ ELEMENT STATUS and REQUEST VOLUME ELEMENT ADDRESS responses share: an 8-byte header
 * whose last three bytes are the byte count of the whole report (excluding that header), then
 * pages. The two commands differ only in header bytes 2–4.
 */

export const REPORT_HEADER_LENGTH = 8;

export interface EncodedReport {
  /** The pages' bytes cut to the budget. */
  body: Buffer;
  /** BYTE COUNT OF REPORT AVAILABLE: every page, never reduced by the allocation length. */
  byteCount: number;
  /** Descriptors in the full report. */
  elementCount: number;
  /** Smallest element address in the full report (0 when empty). */
  lowestAddress: number;
}

/**
 * Encodes pages (empty pages are left out: a page exists for a type with elements to report)
 * and keeps only what fits in `budget` bytes, cut at whole descriptors: a page header is sent
 * only together with its first descriptor (SL150/TL4000 send complete descriptors only).
 */
export function encodeReportPages(pages: ElementStatusPage[], budget: number): EncodedReport {
  const encoded = pages.filter((p) => p.descriptors.length > 0).map(encodeElementStatusPage);
  const byteCount = encoded.reduce((sum, p) => sum + p.header.length + p.descriptors.reduce((s, d) => s + d.length, 0), 0);
  const parts: Buffer[] = [];
  let room = budget;
  fill: for (const page of encoded) {
    for (const [index, descriptor] of page.descriptors.entries()) {
      const need = descriptor.length + (index === 0 ? page.header.length : 0);
      if (need > room) break fill;
      if (index === 0) parts.push(page.header);
      parts.push(descriptor);
      room -= need;
    }
  }
  const addresses = pages.flatMap((p) => p.descriptors.map((d) => d.elementAddress));
  return {
    body: Buffer.concat(parts),
    byteCount,
    elementCount: addresses.length,
    lowestAddress: addresses.length === 0 ? 0 : Math.min(...addresses),
  };
}

/** Assembles header + body and applies the allocation length to the header itself (an allocation below 8 gets a cut header). */
export function assembleReport(header: Buffer, body: Buffer, allocationLength: number | undefined): Buffer {
  const whole = Buffer.concat([header, body]);
  return allocationLength === undefined ? whole : whole.subarray(0, Math.min(allocationLength, whole.length));
}

export interface ReadPagesResult {
  pages: ElementStatusPage[];
  truncated: boolean;
}

/**
 * Reads pages up to the header's byte count (bytes past it are not report data: devices pad to
 * the allocation length) or the end of the buffer, whichever comes first.
 */
export function readReportPages(r: BufferReader, byteCount: number, options: ReadPageOptions): ReadPagesResult {
  const end = Math.min(r.length, REPORT_HEADER_LENGTH + byteCount);
  const body = r.sub(end - r.offset);
  const pages: ElementStatusPage[] = [];
  let truncated = r.length < REPORT_HEADER_LENGTH + byteCount;
  while (body.remaining >= ELEMENT_STATUS_PAGE_HEADER_LENGTH) {
    const result = readElementStatusPage(body, options);
    pages.push(result.page);
    if (result.truncated) {
      truncated = true;
      break;
    }
  }
  return { pages, truncated };
}
