import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';
import { readDesignator, writeDesignator, type Designator } from './designator.ts';

/**
 * Vital product data pages a changer answers (smc.md §1.2): 00h supported pages, 80h unit serial
 * number (most software's library ID), 83h device identification. Header: byte 0 peripheral
 * qualifier/device type, byte 1 page code, bytes 2–3 page length.
 */
export const VpdPageCode = {
  SUPPORTED_PAGES: 0x00,
  UNIT_SERIAL_NUMBER: 0x80,
  DEVICE_IDENTIFICATION: 0x83,
} as const;

export interface VpdDevice {
  peripheralQualifier: number;
  peripheralDeviceType: number;
}

export interface SupportedVpdPages extends VpdDevice {
  pageCodes: number[];
}

export interface UnitSerialNumberPage extends VpdDevice {
  /** Verbatim: tgt right-aligns with leading spaces ("      HCHG000001"); compare trimmed. */
  serialNumber: string;
}

export interface DeviceIdentificationPage extends VpdDevice {
  designators: Designator[];
}

const HEADER_LENGTH = 4;

function writeHeader(device: VpdDevice, pageCode: number): BufferWriter {
  if (device.peripheralQualifier < 0 || device.peripheralQualifier > 7 || device.peripheralDeviceType < 0 || device.peripheralDeviceType > 0x1f) {
    throw new RangeError('peripheral qualifier/device type out of range');
  }
  return new BufferWriter().uint8((device.peripheralQualifier << 5) | device.peripheralDeviceType).uint8(pageCode).uint16(0);
}

function finish(w: BufferWriter): Buffer {
  return w.patch(2, 2, w.offset - HEADER_LENGTH).toBuffer();
}

/** 4 + PAGE LENGTH: the full size of a VPD page (re-issue with this allocation when larger). */
export function vpdPageLength(bytes: Uint8Array): number {
  if (bytes.length < HEADER_LENGTH) throw new ScsiFormatError('VPD page', `${bytes.length} byte(s) is shorter than the 4-byte header`, 'data');
  return HEADER_LENGTH + ((bytes[2]! << 8) | bytes[3]!);
}

/** A reader over the page body (truncated to what arrived), after checking the page code. */
function openPage(bytes: Uint8Array, pageCode: number, structure: string): { device: VpdDevice; body: BufferReader } {
  const end = Math.min(bytes.length, vpdPageLength(bytes));
  const r = new BufferReader(bytes.subarray(0, end), structure);
  const b0 = r.uint8();
  const code = r.uint8();
  if (code !== pageCode) throw r.error(`page code ${code.toString(16)}h is not ${pageCode.toString(16)}h`, 1);
  r.skip(2);
  return { device: { peripheralQualifier: b0 >> 5, peripheralDeviceType: b0 & 0x1f }, body: r };
}

export function buildSupportedVpdPages(page: SupportedVpdPages): Buffer {
  const w = writeHeader(page, VpdPageCode.SUPPORTED_PAGES);
  for (const code of page.pageCodes) w.uint8(code);
  return finish(w);
}

export function parseSupportedVpdPages(bytes: Uint8Array): SupportedVpdPages {
  const { device, body } = openPage(bytes, VpdPageCode.SUPPORTED_PAGES, 'supported VPD pages');
  return { ...device, pageCodes: [...body.rest()] };
}

export function buildUnitSerialNumberPage(page: UnitSerialNumberPage): Buffer {
  return finish(writeHeader(page, VpdPageCode.UNIT_SERIAL_NUMBER).text(page.serialNumber));
}

export function parseUnitSerialNumberPage(bytes: Uint8Array): UnitSerialNumberPage {
  const { device, body } = openPage(bytes, VpdPageCode.UNIT_SERIAL_NUMBER, 'unit serial number VPD page');
  return { ...device, serialNumber: body.text(body.remaining) };
}

export function buildDeviceIdentificationPage(page: DeviceIdentificationPage): Buffer {
  const w = writeHeader(page, VpdPageCode.DEVICE_IDENTIFICATION);
  for (const d of page.designators) writeDesignator(w, d);
  return finish(w);
}

/** Truncation-tolerant: designators cut by the allocation length are left out. */
export function parseDeviceIdentificationPage(bytes: Uint8Array): DeviceIdentificationPage {
  const { device, body } = openPage(bytes, VpdPageCode.DEVICE_IDENTIFICATION, 'device identification VPD page');
  const designators: Designator[] = [];
  const cut = bytes.length < vpdPageLength(bytes);
  while (body.remaining >= 4) {
    const length = body.buffer[body.offset + 3]!;
    if (4 + length > body.remaining) {
      if (cut) break;
      throw body.error(`designator length ${length} runs past the page`, body.offset + 3);
    }
    designators.push(readDesignator(body));
  }
  if (body.remaining > 0 && !cut) throw body.error(`${body.remaining} stray byte(s) after the last designator`, body.offset);
  return { ...device, designators };
}
