import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';

/** PERIPHERAL DEVICE TYPE values a changer stack meets. */
export const PeripheralDeviceType = {
  DIRECT_ACCESS: 0x00,
  SEQUENTIAL_ACCESS: 0x01,
  CD_DVD: 0x05,
  OPTICAL_MEMORY: 0x07,
  MEDIUM_CHANGER: 0x08,
  STORAGE_ARRAY_CONTROLLER: 0x0c,
  UNKNOWN: 0x1f,
} as const;

/** Version descriptors seen on changers (smc.md §1.2) and their tape drives. */
export const VersionDescriptor = {
  SAM2: 0x0040,
  SAM2_ANSI: 0x005c,
  SPC3: 0x0300,
  SPC3_ANSI: 0x030f,
  SMC2: 0x02fe,
  SMC3: 0x0480,
  SPI4: 0x0b56,
  ISCSI: 0x0960,
  SSC: 0x0200,
  SSC3: 0x0400,
} as const;

/**
 * Standard INQUIRY data (SPC; smc.md §1.2). Text fields are trimmed of trailing spaces on parse
 * and space-padded on build. Length on build: 36 bytes, extended to 58 when vendor bytes 36–55
 * or byte 56 are used, plus 2 per version descriptor, plus bytes 96+ when `trailingVendorData`
 * is given (tgt sends 66: three descriptors and a zero one; mhVTL 36–96 by personality).
 */
export interface StandardInquiryData {
  peripheralQualifier: number;
  peripheralDeviceType: number;
  /** RMB: removable medium (mhVTL and Quantum set it on changers). */
  removable: boolean;
  version: number;
  normAca: boolean;
  hiSup: boolean;
  responseDataFormat: number;
  sccs: boolean;
  acc: boolean;
  tpgs: number;
  thirdPartyCopy: boolean;
  protect: boolean;
  encServ: boolean;
  multiP: boolean;
  /** MChngr: an attached medium changer (mtx then uses A7h/B4h when PDT is not 08h). */
  mChngr: boolean;
  addr16: boolean;
  wbus16: boolean;
  sync: boolean;
  cmdQue: boolean;
  vendorIdentification: string;
  productIdentification: string;
  productRevisionLevel: string;
  /** Bytes 36–55 (mhVTL copies its serial to 38–49), without trailing zero bytes. */
  vendorSpecific: Buffer;
  /** Byte 56 (SPI): CLOCKING bits 3–2, QAS bit 1, IUS bit 0. */
  clocking: number;
  qas: boolean;
  ius: boolean;
  /** Non-zero version descriptors from bytes 58–73, at most 8. */
  versionDescriptors: number[];
  /** Bytes 96 onwards. */
  trailingVendorData: Buffer;
}

const STRUCTURE = 'standard INQUIRY data';

/** Defaults for a medium changer: PDT 08h, SPC-3, response data format 2. */
export function standardInquiryData(fields: Partial<StandardInquiryData> = {}): StandardInquiryData {
  return {
    peripheralQualifier: 0,
    peripheralDeviceType: PeripheralDeviceType.MEDIUM_CHANGER,
    removable: false,
    version: 0x05,
    normAca: false,
    hiSup: false,
    responseDataFormat: 2,
    sccs: false,
    acc: false,
    tpgs: 0,
    thirdPartyCopy: false,
    protect: false,
    encServ: false,
    multiP: false,
    mChngr: false,
    addr16: false,
    wbus16: false,
    sync: false,
    cmdQue: false,
    vendorIdentification: '',
    productIdentification: '',
    productRevisionLevel: '',
    vendorSpecific: Buffer.alloc(0),
    clocking: 0,
    qas: false,
    ius: false,
    versionDescriptors: [],
    trailingVendorData: Buffer.alloc(0),
    ...fields,
  };
}

export function buildStandardInquiryData(d: StandardInquiryData): Buffer {
  if (d.vendorSpecific.length > 20) throw new RangeError('vendor specific bytes 36–55 hold at most 20 bytes');
  if (d.versionDescriptors.length > 8) throw new RangeError('at most 8 version descriptors');
  const w = new BufferWriter(96);
  w.uint8((bits(d.peripheralQualifier, 3, 'peripheral qualifier') << 5) | bits(d.peripheralDeviceType, 5, 'peripheral device type'));
  w.uint8(d.removable ? 0x80 : 0);
  w.uint8(d.version);
  w.uint8(flag(d.normAca, 5) | flag(d.hiSup, 4) | bits(d.responseDataFormat, 4, 'response data format'));
  w.uint8(0);
  w.uint8(flag(d.sccs, 7) | flag(d.acc, 6) | (bits(d.tpgs, 2, 'TPGS') << 4) | flag(d.thirdPartyCopy, 3) | flag(d.protect, 0));
  w.uint8(flag(d.encServ, 6) | flag(d.multiP, 4) | flag(d.mChngr, 3) | flag(d.addr16, 0));
  w.uint8(flag(d.wbus16, 5) | flag(d.sync, 4) | flag(d.cmdQue, 1));
  w.paddedText(d.vendorIdentification, 8).paddedText(d.productIdentification, 16).paddedText(d.productRevisionLevel, 4);
  const spi = d.clocking !== 0 || d.qas || d.ius;
  if (d.vendorSpecific.length > 0 || spi || d.versionDescriptors.length > 0 || d.trailingVendorData.length > 0) {
    w.bytes(d.vendorSpecific).zeros(20 - d.vendorSpecific.length);
    w.uint8((bits(d.clocking, 2, 'clocking') << 2) | flag(d.qas, 1) | flag(d.ius, 0)).uint8(0);
    for (const v of d.versionDescriptors) w.uint16(v);
  }
  if (d.trailingVendorData.length > 0) w.zeros(96 - w.offset).bytes(d.trailingVendorData);
  return w.patch(4, 1, w.offset - 5).toBuffer();
}

/** 5 + ADDITIONAL LENGTH: how much the device has (re-issue INQUIRY with this when larger). */
export function inquiryDataLength(bytes: Uint8Array): number {
  if (bytes.length < 5) throw new ScsiFormatError(STRUCTURE, `${bytes.length} byte(s) is shorter than the 5-byte header`, 'data');
  return 5 + bytes[4]!;
}

/**
 * Tolerates truncation (allocation 36 against a 96-byte answer): fields past the bytes received
 * read as zero/empty. Needs bytes 0–4.
 */
export function parseStandardInquiryData(bytes: Uint8Array): StandardInquiryData {
  const total = Math.min(bytes.length, inquiryDataLength(bytes));
  const padded = Buffer.alloc(Math.max(total, 96));
  padded.set(bytes.subarray(0, total));
  const r = new BufferReader(padded, STRUCTURE);
  const [b0, b1, version, b3] = [r.uint8(), r.uint8(), r.uint8(), r.uint8()];
  r.skip(1);
  const [b5, b6, b7] = [r.uint8(), r.uint8(), r.uint8()];
  const vendorIdentification = r.paddedText(8);
  const productIdentification = r.paddedText(16);
  const productRevisionLevel = r.paddedText(4);
  const vendorBytes = r.bytes(20);
  const b56 = r.uint8();
  r.skip(1);
  const versionDescriptors: number[] = [];
  for (let i = 0; i < 8; i++) versionDescriptors.push(r.uint16());
  while (versionDescriptors.length > 0 && versionDescriptors[versionDescriptors.length - 1] === 0) versionDescriptors.pop();
  return {
    peripheralQualifier: b0 >> 5,
    peripheralDeviceType: b0 & 0x1f,
    removable: on(b1, 7),
    version,
    normAca: on(b3, 5),
    hiSup: on(b3, 4),
    responseDataFormat: b3 & 0x0f,
    sccs: on(b5, 7),
    acc: on(b5, 6),
    tpgs: (b5 >> 4) & 0x03,
    thirdPartyCopy: on(b5, 3),
    protect: on(b5, 0),
    encServ: on(b6, 6),
    multiP: on(b6, 4),
    mChngr: on(b6, 3),
    addr16: on(b6, 0),
    wbus16: on(b7, 5),
    sync: on(b7, 4),
    cmdQue: on(b7, 1),
    vendorIdentification,
    productIdentification,
    productRevisionLevel,
    vendorSpecific: withoutTrailingZeros(vendorBytes),
    clocking: (b56 >> 2) & 0x03,
    qas: on(b56, 1),
    ius: on(b56, 0),
    versionDescriptors,
    trailingVendorData: Buffer.from(padded.subarray(96, total)),
  };
}

function withoutTrailingZeros(bytes: Buffer): Buffer {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return Buffer.from(bytes.subarray(0, end));
}

function flag(value: boolean, position: number): number {
  return value ? 1 << position : 0;
}

function on(byte: number, position: number): boolean {
  return (byte & (1 << position)) !== 0;
}

function bits(value: number, width: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value >= 1 << width) throw new RangeError(`${what} does not fit in ${width} bits: ${value}`);
  return value;
}
