import type { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import {
  ELEMENT_STATUS_PAGE_HEADER_LENGTH,
  pageByteCount,
  planElementStatusPage,
  readElementStatusPage,
  writeElementStatusPage,
  type ElementStatusPage,
  type PagePlan,
  type ReadPageOptions,
} from './elementStatusPage.ts';

/**
 * What READ ELEMENT STATUS and REQUEST VOLUME ELEMENT ADDRESS responses share: an 8-byte header
 * whose last three bytes are the byte count of the whole report (excluding that header), then
 * pages. The two commands differ only in header bytes 2–4.
 */

export const REPORT_HEADER_LENGTH = 8;

/** What the 8-byte report header says about the full report (never reduced by the allocation length). */
export interface ReportSummary {
  /** BYTE COUNT OF REPORT AVAILABLE: every page. */
  readonly byteCount: number;
  /** Descriptors in the full report. */
  readonly elementCount: number;
  /** Smallest element address in the full report (0 when empty). */
  readonly lowestAddress: number;
}

/**
 * The whole response in one buffer of its final size: the header `header` builds from the
 * summary, then the pages (empty pages are left out: a page exists for a type with elements to
 * report), keeping only what fits in the allocation length, cut at whole descriptors: a page
 * header is sent only together with its first descriptor (SL150/TL4000 send complete descriptors
 * only). An allocation below 8 gets a cut header. Descriptors past the cut are never encoded.
 * `allocate` gives the buffer (a transport's pooled one, ScsiRequest.dataInBuffer): a fresh 6–64 KiB
 * buffer per inventory chunk is external memory that V8 pays for in collections.
 */
export function buildReport(
  pages: readonly ElementStatusPage[],
  allocationLength: number | undefined,
  header: (summary: ReportSummary) => Buffer,
  allocate: (length: number) => Uint8Array = allocateUnsafe,
): Buffer {
  const plans: PagePlan[] = [];
  let byteCount = 0;
  let elementCount = 0;
  let lowestAddress = Infinity;
  for (const page of pages) {
    elementCount += page.descriptors.length;
    for (const d of page.descriptors) if (d.elementAddress < lowestAddress) lowestAddress = d.elementAddress;
    if (page.descriptors.length === 0) continue;
    const plan = planElementStatusPage(page);
    plans.push(plan);
    byteCount += pageByteCount(plan);
  }
  const headerBytes = header({ byteCount, elementCount, lowestAddress: elementCount === 0 ? 0 : lowestAddress });
  const sent = descriptorsThatFit(plans.map((p) => ({ count: p.page.descriptors.length, descriptorLength: p.descriptorLength })), Math.max((allocationLength ?? Infinity) - REPORT_HEADER_LENGTH, 0));
  const bodyLength = sent.reduce((sum, count, i) => sum + ELEMENT_STATUS_PAGE_HEADER_LENGTH + count * (plans[i] as PagePlan).descriptorLength, 0);
  const whole = asBuffer(allocate(REPORT_HEADER_LENGTH + bodyLength));
  const w = BufferWriter.into(whole).bytes(headerBytes);
  for (const [i, count] of sent.entries()) writeElementStatusPage(w, plans[i] as PagePlan, count);
  // The buffer is not zeroed: every byte must have been written, or stale memory would be sent.
  if (w.offset !== whole.length) throw new RangeError(`report wrote ${w.offset} of its ${whole.length} bytes`);
  return allocationLength === undefined ? whole : whole.subarray(0, Math.min(allocationLength, whole.length));
}

const allocateUnsafe = (length: number): Uint8Array => Buffer.allocUnsafe(length);

/** A Buffer over the same bytes (a lender may hand out a plain Uint8Array). */
export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/**
 * Descriptors sent of each page (non-empty pages, `count` descriptors of `descriptorLength` bytes
 * each), in order, until the first that does not fit in `budget` bytes.
 */
export function descriptorsThatFit(pages: readonly { readonly count: number; readonly descriptorLength: number }[], budget: number): number[] {
  const sent: number[] = [];
  let room = budget;
  for (const { count: available, descriptorLength } of pages) {
    if (room < ELEMENT_STATUS_PAGE_HEADER_LENGTH + descriptorLength) break;
    room -= ELEMENT_STATUS_PAGE_HEADER_LENGTH;
    const count = Math.min(available, Math.floor(room / descriptorLength));
    sent.push(count);
    room -= count * descriptorLength;
    if (count < available) break;
  }
  return sent;
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
