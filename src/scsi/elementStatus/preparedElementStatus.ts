/**
 * READ ELEMENT STATUS data from descriptors a device keeps encoded (smc.md §2.1–§2.4): the same
 * bytes buildElementStatusData writes, but each page's descriptors are copied from where the
 * device prepared them instead of encoded per command. A 10,000-slot library answers an
 * inventory chunk of 1000 descriptors with a few copies instead of 1000 encodings. Pages without
 * identification descriptors only (DVCID = 0): their descriptors all have one length.
 */
import type { AddressableElementTypeCode } from '../elementTypeCode.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { checkLayout, writeElementDescriptor, type DescriptorLayout, type ElementDescriptor } from './elementDescriptor.ts';
import { ELEMENT_STATUS_PAGE_HEADER_LENGTH } from './elementStatusPage.ts';
import { REPORT_HEADER_LENGTH, asBuffer, descriptorsThatFit } from './elementStatusReport.ts';
import { VOLUME_TAG_LENGTH } from './volumeTag.ts';

export interface PreparedElementStatusPage {
  readonly elementType: AddressableElementTypeCode;
  readonly pVolTag: boolean;
  readonly aVolTag: boolean;
  /** Descriptors on the page, all of preparedDescriptorLength(pVolTag, aVolTag) bytes. */
  readonly count: number;
  /** Smallest element address on the page. */
  readonly lowestAddress: number;
  /** Copies the page's first `count` descriptors, encoded, to `target` from `offset`. */
  copyDescriptors(target: Uint8Array, offset: number, count: number): void;
}

/** The length of every descriptor of a page without identification descriptors. */
export function preparedDescriptorLength(pVolTag: boolean, aVolTag: boolean): number {
  return 12 + (pVolTag ? VOLUME_TAG_LENGTH : 0) + (aVolTag ? VOLUME_TAG_LENGTH : 0);
}

/**
 * Encodes one descriptor into `target` at `offset`, exactly preparedDescriptorLength bytes, as a
 * page with these tags carries it. RangeError for a field out of range or one the page lacks.
 */
export function prepareElementDescriptor(target: Buffer, offset: number, d: ElementDescriptor, pVolTag: boolean, aVolTag: boolean): void {
  const layout: DescriptorLayout = { primaryVolumeTag: pVolTag, alternateVolumeTag: aVolTag, identification: false };
  checkLayout(d, layout);
  const length = preparedDescriptorLength(pVolTag, aVolTag);
  writeElementDescriptor(BufferWriter.into(target, offset, offset + length), d, layout, length);
}

/**
 * The response, as buildElementStatusData builds it from the same descriptors: header, then the
 * non-empty pages cut at whole descriptors to the allocation length.
 */
export function buildPreparedElementStatusData(
  pages: readonly PreparedElementStatusPage[],
  options: { allocationLength?: number; allocate?: (length: number) => Uint8Array } = {},
): Buffer {
  const sentPages = pages.filter((p) => p.count > 0);
  const lengths = sentPages.map((p) => ({ count: p.count, descriptorLength: preparedDescriptorLength(p.pVolTag, p.aVolTag) }));
  let elementCount = 0;
  let byteCount = 0;
  let lowestAddress = Infinity;
  for (const [i, page] of sentPages.entries()) {
    elementCount += page.count;
    byteCount += ELEMENT_STATUS_PAGE_HEADER_LENGTH + page.count * (lengths[i] as { descriptorLength: number }).descriptorLength;
    if (page.lowestAddress < lowestAddress) lowestAddress = page.lowestAddress;
  }
  const sent = descriptorsThatFit(lengths, Math.max((options.allocationLength ?? Infinity) - REPORT_HEADER_LENGTH, 0));
  const bodyLength = sent.reduce((sum, count, i) => sum + ELEMENT_STATUS_PAGE_HEADER_LENGTH + count * (lengths[i] as { descriptorLength: number }).descriptorLength, 0);
  const whole = asBuffer((options.allocate ?? ((n: number) => Buffer.allocUnsafe(n)))(REPORT_HEADER_LENGTH + bodyLength));
  const w = BufferWriter.into(whole)
    .uint16(elementCount === 0 ? 0 : lowestAddress)
    .uint16(elementCount)
    .uint8(0)
    .uint24(byteCount);
  for (const [i, count] of sent.entries()) {
    const page = sentPages[i] as PreparedElementStatusPage;
    const descriptorLength = (lengths[i] as { descriptorLength: number }).descriptorLength;
    w.uint8(page.elementType)
      .uint8((page.pVolTag ? 0x80 : 0) | (page.aVolTag ? 0x40 : 0))
      .uint16(descriptorLength)
      .uint8(0)
      .uint24(descriptorLength * page.count);
    const at = w.offset;
    w.claim(count * descriptorLength);
    page.copyDescriptors(whole, at, count);
  }
  // The buffer is not zeroed: every byte must have been written, or stale memory would be sent.
  if (w.offset !== whole.length) throw new RangeError(`report wrote ${w.offset} of its ${whole.length} bytes`);
  return options.allocationLength === undefined ? whole : whole.subarray(0, Math.min(options.allocationLength, whole.length));
}
