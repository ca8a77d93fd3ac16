import type { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { CONTROL_PAGE_CODE, decodeControlPage, encodeControlPage, type ControlPage } from './controlPage.ts';
import { DEVICE_CAPABILITIES_PAGE_CODE, decodeDeviceCapabilitiesPage, encodeDeviceCapabilitiesPage, type DeviceCapabilitiesPage } from './deviceCapabilitiesPage.ts';
import {
  ELEMENT_ADDRESS_ASSIGNMENT_PAGE_CODE,
  decodeElementAddressAssignmentPage,
  encodeElementAddressAssignmentPage,
  type ElementAddressAssignmentPage,
} from './elementAddressAssignmentPage.ts';
import { TRANSPORT_GEOMETRY_PAGE_CODE, decodeTransportGeometryPage, encodeTransportGeometryPage, type TransportGeometryPage } from './transportGeometryPage.ts';

/**
 * A page this codec has no type for, kept byte for byte. `subpageCode` present means the
 * sub_page format (SPF = 1: byte 1 subpage, bytes 2–3 length); absent means page_0 format.
 */
export interface RawModePage {
  kind: 'raw';
  parametersSaveable: boolean;
  pageCode: number;
  subpageCode?: number;
  parameters: Buffer;
}

export type ModePage = ElementAddressAssignmentPage | TransportGeometryPage | DeviceCapabilitiesPage | ControlPage | RawModePage;

export function modePageCode(page: ModePage): number {
  switch (page.kind) {
    case 'element-address-assignment':
      return ELEMENT_ADDRESS_ASSIGNMENT_PAGE_CODE;
    case 'transport-geometry':
      return TRANSPORT_GEOMETRY_PAGE_CODE;
    case 'device-capabilities':
      return DEVICE_CAPABILITIES_PAGE_CODE;
    case 'control':
      return CONTROL_PAGE_CODE;
    case 'raw':
      return page.pageCode;
  }
}

export function encodeModePage(page: ModePage): Buffer {
  switch (page.kind) {
    case 'element-address-assignment':
      return encodeElementAddressAssignmentPage(page);
    case 'transport-geometry':
      return encodeTransportGeometryPage(page);
    case 'device-capabilities':
      return encodeDeviceCapabilitiesPage(page);
    case 'control':
      return encodeControlPage(page);
    case 'raw':
      return encodeRawModePage(page);
  }
}

function encodeRawModePage(page: RawModePage): Buffer {
  if (!Number.isInteger(page.pageCode) || page.pageCode < 0 || page.pageCode > 0x3f) throw new RangeError(`page code out of range: ${page.pageCode}`);
  const w = new BufferWriter(4 + page.parameters.length);
  const ps = page.parametersSaveable ? 0x80 : 0;
  if (page.subpageCode === undefined) w.uint8(ps | page.pageCode).uint8(page.parameters.length);
  else w.uint8(ps | 0x40 | page.pageCode).uint8(page.subpageCode).uint16(page.parameters.length);
  return w.bytes(page.parameters).toBuffer();
}

export interface ReadModePageResult {
  /** undefined: the page runs past the data (truncated by the allocation length). */
  page: ModePage | undefined;
}

/** Reads one page header and its parameters; typed pages are decoded, others kept raw. */
export function readModePage(r: BufferReader): ReadModePageResult {
  const start = r.offset;
  const b0 = r.uint8();
  const parametersSaveable = (b0 & 0x80) !== 0;
  const subpageFormat = (b0 & 0x40) !== 0;
  const pageCode = b0 & 0x3f;
  if (subpageFormat && r.remaining < 3) return { page: undefined };
  const subpageCode = subpageFormat ? r.uint8() : undefined;
  const length = subpageFormat ? r.uint16() : r.uint8();
  if (length > r.remaining) {
    r.offset = start;
    return { page: undefined };
  }
  const body = r.sub(length, `mode page ${pageCode.toString(16).toUpperCase().padStart(2, '0')}h`);
  if (subpageCode !== undefined) return { page: { kind: 'raw', parametersSaveable, pageCode, subpageCode, parameters: body.rest() } };
  switch (pageCode) {
    case ELEMENT_ADDRESS_ASSIGNMENT_PAGE_CODE:
      return { page: decodeElementAddressAssignmentPage(body, parametersSaveable) };
    case TRANSPORT_GEOMETRY_PAGE_CODE:
      return { page: decodeTransportGeometryPage(body, parametersSaveable) };
    case DEVICE_CAPABILITIES_PAGE_CODE:
      return { page: decodeDeviceCapabilitiesPage(body, parametersSaveable) };
    case CONTROL_PAGE_CODE:
      return { page: decodeControlPage(body, parametersSaveable) };
    default:
      return { page: { kind: 'raw', parametersSaveable, pageCode, parameters: body.rest() } };
  }
}
