/**
 * READ ELEMENT STATUS pages whose descriptors a device keeps encoded (smc.md §2.1–§2.4): the
 * report (buildPreparedElementStatusData) is the same bytes buildElementStatusData writes, but
 * each page's descriptors are copied from where the device prepared them instead of encoded per
 * command. A 10,000-slot library answers an inventory chunk of 1000 descriptors with a few copies
 * instead of 1000 encodings. Pages without identification descriptors only (DVCID = 0): their
 * descriptors all have one length.
 */
import type { AddressableElementTypeCode } from '../elementTypeCode.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { checkLayout, writeElementDescriptor, type DescriptorLayout, type ElementDescriptor } from './elementDescriptor.ts';
import { minimumDescriptorLength, writeElementStatusPageHeader } from './elementStatusPage.ts';
import type { ReportPage } from './elementStatusReport.ts';

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

function layoutOf(pVolTag: boolean, aVolTag: boolean): DescriptorLayout {
  return { primaryVolumeTag: pVolTag, alternateVolumeTag: aVolTag, identification: false };
}

/** The length of every descriptor of a page without identification descriptors. */
export function preparedDescriptorLength(pVolTag: boolean, aVolTag: boolean): number {
  return minimumDescriptorLength(layoutOf(pVolTag, aVolTag));
}

/**
 * Encodes one descriptor into `target` at `offset`, exactly preparedDescriptorLength bytes, as a
 * page with these tags carries it. RangeError for a field out of range or one the page lacks.
 */
export function prepareElementDescriptor(target: Buffer, offset: number, d: ElementDescriptor, pVolTag: boolean, aVolTag: boolean): void {
  const layout = layoutOf(pVolTag, aVolTag);
  checkLayout(d, layout);
  const length = preparedDescriptorLength(pVolTag, aVolTag);
  writeElementDescriptor(BufferWriter.into(target, offset, offset + length), d, layout, length);
}

/** A prepared page as the report sends it: the page header, then its descriptors copied in. */
export class PreparedReportPage implements ReportPage {
  readonly count: number;
  readonly descriptorLength: number;
  readonly lowestAddress: number;
  readonly #page: PreparedElementStatusPage;

  constructor(page: PreparedElementStatusPage) {
    this.count = page.count;
    this.descriptorLength = preparedDescriptorLength(page.pVolTag, page.aVolTag);
    this.lowestAddress = page.lowestAddress;
    this.#page = page;
  }

  write(w: BufferWriter, sent: number): void {
    writeElementStatusPageHeader(w, this.#page, this.descriptorLength, this.count);
    const at = w.offset;
    this.#page.copyDescriptors(w.claim(sent * this.descriptorLength), at, sent);
  }
}
