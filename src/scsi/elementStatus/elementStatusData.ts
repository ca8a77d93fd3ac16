import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';
import type { ElementStatusPage, ReadPageOptions } from './elementStatusPage.ts';
import { buildReport, buildReportOfPages, readReportPages, REPORT_HEADER_LENGTH, type ReportSummary } from './elementStatusReport.ts';
import { PreparedReportPage, type PreparedElementStatusPage } from './preparedElementStatus.ts';

/**
 * READ ELEMENT STATUS response (smc.md §2.1). Header: 0–1 first element address reported, 2–3
 * number of elements available, 4 reserved, 5–7 byte count of report available (all pages,
 * excluding this header). Per SMC neither count is reduced by the allocation length, so a
 * client that probes with allocation 8 learns the full size; pages carry their full byte counts
 * too, while only whole descriptors are transferred.
 */
export interface ElementStatusData {
  firstElementAddress: number;
  /** NUMBER OF ELEMENTS AVAILABLE: descriptors in the full report. */
  numberOfElements: number;
  /** BYTE COUNT OF REPORT AVAILABLE. */
  byteCount: number;
  /** The pages actually received (whole descriptors only). */
  pages: ElementStatusPage[];
  /** The device had more than the buffer holds: re-issue with allocation byteCount + 8. */
  truncated: boolean;
}

export interface ElementStatusBuildOptions {
  /** Cut the response to this many bytes, at whole descriptors. */
  allocationLength?: number;
  /** Default: the lowest element address in the report (SMC: "smallest element address found"). */
  firstElementAddress?: number;
  /** Where the response is built (ScsiRequest.dataInBuffer); a new buffer when not given. */
  allocate?: (length: number) => Uint8Array;
}

export function buildElementStatusData(pages: ElementStatusPage[], options: ElementStatusBuildOptions = {}): Buffer {
  return buildReport(pages, options.allocationLength, headerFor(options), options.allocate);
}

/** The same response from pages whose descriptors the device keeps encoded (preparedElementStatus.ts). */
export function buildPreparedElementStatusData(pages: readonly PreparedElementStatusPage[], options: ElementStatusBuildOptions = {}): Buffer {
  return buildReportOfPages(pages.map((page) => new PreparedReportPage(page)), options.allocationLength, headerFor(options), options.allocate);
}

function headerFor(options: ElementStatusBuildOptions): (report: ReportSummary) => Buffer {
  return (report) =>
    new BufferWriter(REPORT_HEADER_LENGTH)
      .uint16(options.firstElementAddress ?? report.lowestAddress)
      .uint16(report.elementCount)
      .uint8(0)
      .uint24(report.byteCount)
      .toBuffer();
}

/** Parses a (possibly truncated) response; needs at least the 8-byte header. */
export function parseElementStatusData(bytes: Uint8Array, options: ReadPageOptions = {}): ElementStatusData {
  if (bytes.length < REPORT_HEADER_LENGTH) {
    throw new ScsiFormatError('element status data', `${bytes.length} byte(s) is shorter than the 8-byte header`, 'data');
  }
  const r = new BufferReader(bytes, 'element status data');
  const firstElementAddress = r.uint16();
  const numberOfElements = r.uint16();
  r.skip(1);
  const byteCount = r.uint24();
  const { pages, truncated } = readReportPages(r, byteCount, options);
  return { firstElementAddress, numberOfElements, byteCount, pages, truncated };
}
