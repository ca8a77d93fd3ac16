import type { BufferReader } from '../bufferReader.ts';
import type { BufferWriter } from '../bufferWriter.ts';
import { isAddressableElementTypeCode, type AddressableElementTypeCode } from '../elementTypeCode.ts';
import { VOLUME_TAG_LENGTH } from './volumeTag.ts';
import {
  DESCRIPTOR_BASE_LENGTH,
  checkLayout,
  descriptorNaturalLength,
  holdsIdentification,
  readElementDescriptor,
  writeElementDescriptor,
  type DescriptorLayout,
  type ElementDescriptor,
} from './elementDescriptor.ts';

/**
 * One element status page (smc.md §2.2): an 8-byte header — type, PVolTag/AVolTag, descriptor
 * length, byte count — then descriptors of exactly that length.
 */
export interface ElementStatusPage {
  elementType: AddressableElementTypeCode;
  pVolTag: boolean;
  aVolTag: boolean;
  /** Descriptors carry an identification descriptor (the CDB had DVCID = 1). */
  deviceId: boolean;
  /**
   * ELEMENT DESCRIPTOR LENGTH. When building, optional: the default is the smallest length that
   * holds every descriptor's fields; a larger value pads (fixed-width identifiers, as IBM does).
   * Parsed pages always report what the device declared.
   */
  descriptorLength?: number;
  descriptors: ElementDescriptor[];
}

export const ELEMENT_STATUS_PAGE_HEADER_LENGTH = 8;

/** A page as it will be sent: the layout and length every one of its descriptors takes. */
export interface PagePlan {
  readonly page: ElementStatusPage;
  readonly layout: DescriptorLayout;
  readonly descriptorLength: number;
}

function layoutOf(page: Pick<ElementStatusPage, 'pVolTag' | 'aVolTag' | 'deviceId'>): DescriptorLayout {
  return { primaryVolumeTag: page.pVolTag, alternateVolumeTag: page.aVolTag, identification: page.deviceId };
}

/**
 * The descriptor length of a page: the declared one, else the smallest that holds every
 * descriptor. Every descriptor is checked against the layout here, sent or not, so a builder bug
 * shows whatever the allocation length.
 */
export function planElementStatusPage(page: ElementStatusPage): PagePlan {
  const layout = layoutOf(page);
  let natural = minimumDescriptorLength(layout);
  for (const d of page.descriptors) {
    checkLayout(d, layout);
    if (layout.identification) natural = Math.max(natural, descriptorNaturalLength(d, layout));
  }
  const length = page.descriptorLength ?? natural;
  if (length < natural) throw new RangeError(`descriptor length ${length} is shorter than the ${natural} bytes the descriptors need`);
  return { page, layout, descriptorLength: length };
}

/**
 * Writes the page header (its byte count covering every descriptor of the page) and the first
 * `count` descriptors, straight into the response.
 */
export function writeElementStatusPage(w: BufferWriter, plan: PagePlan, count: number): void {
  const { page, layout, descriptorLength } = plan;
  writeElementStatusPageHeader(w, page, descriptorLength, page.descriptors.length);
  for (let i = 0; i < count; i++) writeElementDescriptor(w, page.descriptors[i] as ElementDescriptor, layout, descriptorLength);
}

/** The 8-byte page header of a page of `total` descriptors (its byte count covers all of them, sent or not). */
export function writeElementStatusPageHeader(w: BufferWriter, page: Pick<ElementStatusPage, 'elementType' | 'pVolTag' | 'aVolTag'>, descriptorLength: number, total: number): void {
  w.uint8(page.elementType)
    .uint8((page.pVolTag ? 0x80 : 0) | (page.aVolTag ? 0x40 : 0))
    .uint16(descriptorLength)
    .uint8(0)
    .uint24(descriptorLength * total);
}

export function minimumDescriptorLength(layout: DescriptorLayout): number {
  return DESCRIPTOR_BASE_LENGTH + (layout.primaryVolumeTag ? VOLUME_TAG_LENGTH : 0) + (layout.alternateVolumeTag ? VOLUME_TAG_LENGTH : 0) + (layout.identification ? 4 : 0);
}

export interface ReadPageOptions {
  /**
   * Whether descriptors carry identifiers (the CDB's DVCID). Undefined: inferred per page — the
   * room left after the volume tags must hold a complete identification descriptor in every
   * descriptor (tgt always sends the 4-byte empty header, mhVTL pads).
   */
  deviceId?: boolean;
}

export interface ReadPageResult {
  page: ElementStatusPage;
  /** The page header promised more descriptor bytes than the data held. */
  truncated: boolean;
}

/**
 * Reads a page header and as many whole descriptors as both the page's byte count and the
 * reader allow. A byte count that is not a whole number of descriptors is malformed — the mhVTL
 * bug of smc.md §2.2 (declared 48, wrote 50) is exactly that.
 */
export function readElementStatusPage(r: BufferReader, options: ReadPageOptions): ReadPageResult {
  const start = r.offset;
  const elementType = r.uint8();
  if (!isAddressableElementTypeCode(elementType)) throw r.error(`element type code ${elementType} is not 1–4`, start);
  const flags = r.uint8();
  const descriptorLength = r.uint16();
  r.skip(1);
  const byteCount = r.uint24();
  const pVolTag = (flags & 0x80) !== 0;
  const aVolTag = (flags & 0x40) !== 0;
  const tagBytes = DESCRIPTOR_BASE_LENGTH + (pVolTag ? VOLUME_TAG_LENGTH : 0) + (aVolTag ? VOLUME_TAG_LENGTH : 0);
  if (byteCount > 0 && descriptorLength < tagBytes) {
    throw r.error(`descriptor length ${descriptorLength} cannot hold the ${tagBytes} bytes its flags declare`, start + 2);
  }
  if (byteCount > 0 && byteCount % descriptorLength !== 0) {
    throw r.error(`byte count ${byteCount} is not a whole number of ${descriptorLength}-byte descriptors`, start + 5);
  }
  const available = Math.min(byteCount, r.remaining);
  const count = byteCount === 0 ? 0 : Math.floor(available / descriptorLength);
  const deviceId = options.deviceId ?? inferDeviceId(r, count, descriptorLength, tagBytes);
  const layout: DescriptorLayout = { primaryVolumeTag: pVolTag, alternateVolumeTag: aVolTag, identification: deviceId };
  const descriptors: ElementDescriptor[] = [];
  for (let i = 0; i < count; i++) descriptors.push(readElementDescriptor(r.sub(descriptorLength, 'element descriptor'), layout));
  const page: ElementStatusPage = { elementType, pVolTag, aVolTag, deviceId, descriptorLength, descriptors };
  return { page, truncated: available < byteCount };
}

function inferDeviceId(r: BufferReader, count: number, descriptorLength: number, tagBytes: number): boolean {
  if (count === 0 || descriptorLength - tagBytes < 4) return false;
  for (let i = 0; i < count; i++) {
    if (!holdsIdentification(r.buffer, r.offset + i * descriptorLength + tagBytes, descriptorLength - tagBytes)) return false;
  }
  return true;
}
