import type { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import {
  ELEMENT_STATUS_PAGE_HEADER_LENGTH,
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
 * A page as a report sends it: `count` descriptors of `descriptorLength` bytes, of which `write`
 * puts the page header and the first `sent` into the response. Pages of descriptor objects are
 * encoded (ElementStatusPage); a device that keeps its descriptors encoded copies them
 * (buildPreparedElementStatusData).
 */
export interface ReportPage {
  readonly count: number;
  readonly descriptorLength: number;
  /** Smallest element address on the page. */
  readonly lowestAddress: number;
  write(w: BufferWriter, sent: number): void;
}

/** An ElementStatusPage planned for sending (a class: an inventory builds one per page and command). */
class EncodedPage implements ReportPage {
  readonly count: number;
  readonly descriptorLength: number;
  readonly lowestAddress: number;
  readonly #plan: PagePlan;

  constructor(plan: PagePlan) {
    const descriptors = plan.page.descriptors;
    let lowest = Infinity;
    for (const d of descriptors) if (d.elementAddress < lowest) lowest = d.elementAddress;
    this.count = descriptors.length;
    this.descriptorLength = plan.descriptorLength;
    this.lowestAddress = lowest;
    this.#plan = plan;
  }

  write(w: BufferWriter, sent: number): void {
    writeElementStatusPage(w, this.#plan, sent);
  }
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
  // Every descriptor is checked against its page's layout here (planElementStatusPage), sent or not.
  const planned = pages.filter((page) => page.descriptors.length > 0).map((page) => new EncodedPage(planElementStatusPage(page)));
  return buildReportOfPages(planned, allocationLength, header, allocate);
}

/** buildReport for pages that write themselves (ReportPage). */
export function buildReportOfPages(
  pages: readonly ReportPage[],
  allocationLength: number | undefined,
  header: (summary: ReportSummary) => Buffer,
  allocate: (length: number) => Uint8Array = allocateUnsafe,
): Buffer {
  const sentPages = pages.filter((page) => page.count > 0);
  let byteCount = 0;
  let elementCount = 0;
  let lowestAddress = Infinity;
  for (const page of sentPages) {
    elementCount += page.count;
    byteCount += ELEMENT_STATUS_PAGE_HEADER_LENGTH + page.count * page.descriptorLength;
    if (page.lowestAddress < lowestAddress) lowestAddress = page.lowestAddress;
  }
  const headerBytes = header({ byteCount, elementCount, lowestAddress: elementCount === 0 ? 0 : lowestAddress });
  const sent = descriptorsThatFit(sentPages, Math.max((allocationLength ?? Infinity) - REPORT_HEADER_LENGTH, 0));
  const bodyLength = sent.reduce((sum, count, i) => sum + ELEMENT_STATUS_PAGE_HEADER_LENGTH + count * (sentPages[i] as ReportPage).descriptorLength, 0);
  const whole = asBuffer(allocate(REPORT_HEADER_LENGTH + bodyLength));
  const w = BufferWriter.into(whole).bytes(headerBytes);
  for (const [i, count] of sent.entries()) (sentPages[i] as ReportPage).write(w, count);
  // The buffer is not zeroed: every byte must have been written, or stale memory would be sent.
  if (w.offset !== whole.length) throw new RangeError(`report wrote ${w.offset} of its ${whole.length} bytes`);
  return allocationLength === undefined ? whole : whole.subarray(0, Math.min(allocationLength, whole.length));
}

const allocateUnsafe = (length: number): Uint8Array => Buffer.allocUnsafe(length);

/** A Buffer over the same bytes (a lender may hand out a plain Uint8Array). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Descriptors sent of each page, in order, until the first that does not fit in `budget` bytes. */
function descriptorsThatFit(pages: readonly ReportPage[], budget: number): number[] {
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
