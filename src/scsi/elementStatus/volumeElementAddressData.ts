import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';
import type { ElementStatusPage, ReadPageOptions } from './elementStatusPage.ts';
import { buildReport, readReportPages, REPORT_HEADER_LENGTH } from './elementStatusReport.ts';

/**
 * REQUEST VOLUME ELEMENT ADDRESS response (smc.md §1.7): 0–1 first element address reported,
 * 2–3 number of elements reported, byte 4 bits 4–0 the send action code of the SEND VOLUME TAG
 * being answered, 5–7 byte count of report available; then element status pages as for B8h.
 */
export interface VolumeElementAddressData {
  firstElementAddress: number;
  numberOfElements: number;
  sendActionCode: number;
  byteCount: number;
  pages: ElementStatusPage[];
  truncated: boolean;
}

export interface VolumeElementAddressBuildOptions {
  sendActionCode: number;
  allocationLength?: number;
  firstElementAddress?: number;
}

export function buildVolumeElementAddressData(pages: ElementStatusPage[], options: VolumeElementAddressBuildOptions): Buffer {
  if (!Number.isInteger(options.sendActionCode) || options.sendActionCode < 0 || options.sendActionCode > 0x1f) {
    throw new RangeError(`send action code out of range: ${options.sendActionCode}`);
  }
  return buildReport(pages, options.allocationLength, (report) =>
    new BufferWriter(REPORT_HEADER_LENGTH)
      .uint16(options.firstElementAddress ?? report.lowestAddress)
      .uint16(report.elementCount)
      .uint8(options.sendActionCode)
      .uint24(report.byteCount)
      .toBuffer(),
  );
}

export function parseVolumeElementAddressData(bytes: Uint8Array, options: ReadPageOptions = {}): VolumeElementAddressData {
  if (bytes.length < REPORT_HEADER_LENGTH) {
    throw new ScsiFormatError('volume element address data', `${bytes.length} byte(s) is shorter than the 8-byte header`, 'data');
  }
  const r = new BufferReader(bytes, 'volume element address data');
  const firstElementAddress = r.uint16();
  const numberOfElements = r.uint16();
  const sendActionCode = r.uint8() & 0x1f;
  const byteCount = r.uint24();
  const { pages, truncated } = readReportPages(r, byteCount, options);
  return { firstElementAddress, numberOfElements, sendActionCode, byteCount, pages, truncated };
}
