import type { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';

/** One bit per element type, in SMC's bit order: MT bit 0, ST bit 1, IE bit 2, DT bit 3. */
export interface ElementTypeFlags {
  mt: boolean;
  st: boolean;
  ie: boolean;
  dt: boolean;
}

export interface ElementTypeMatrix {
  mt: ElementTypeFlags;
  st: ElementTypeFlags;
  ie: ElementTypeFlags;
  dt: ElementTypeFlags;
}

/**
 * Device Capabilities page 1Fh (smc.md §3.3). Byte 2: which types store media; bytes 4–7: the
 * MOVE MEDIUM source→destination matrix (one byte per source type); bytes 12–15: the EXCHANGE
 * MEDIUM matrix. Byte 3 bits 2–0 and bit 7 of the matrix rows appear only in the Dell TL4000
 * table (ACE, VTRP, S2C; →RA, →WA) and are kept under those names so nothing is lost;
 * tgt and mhVTL send byte 3 = 07h, which mtx's loaderinfo prints as auto-clean, volume tag
 * reader and "SCSI Media Changer (rev 2)".
 */
export interface DeviceCapabilitiesPage {
  kind: 'device-capabilities';
  parametersSaveable: boolean;
  storage: ElementTypeFlags;
  /** Byte 3 bit 2 (ACE). */
  autoCleanEnabled: boolean;
  /** Byte 3 bit 1 (VTRP). */
  volumeTagReaderPresent: boolean;
  /** Byte 3 bit 0 (S2C). */
  smc2: boolean;
  moveFrom: ElementTypeMatrix;
  exchangeWith: ElementTypeMatrix;
  /** Bit 7 of bytes 4–7 (TL4000 "→RA"), per source type. */
  readAttribute: ElementTypeFlags;
  /** Bit 7 of bytes 12–15 (TL4000 "→WA"), per type. */
  writeAttribute: ElementTypeFlags;
}

export const DEVICE_CAPABILITIES_PAGE_CODE = 0x1f;
const PAGE_LENGTH = 0x12;
/** Spectra 2K and Quantum i2000 send 0Eh: bytes 2–15, every field but the trailing reserved bytes. */
const MINIMUM_PAGE_LENGTH = 0x0e;
const TYPES = ['mt', 'st', 'ie', 'dt'] as const;

export function elementTypeFlags(byte: number): ElementTypeFlags {
  return { mt: (byte & 1) !== 0, st: (byte & 2) !== 0, ie: (byte & 4) !== 0, dt: (byte & 8) !== 0 };
}

export function elementTypeBits(flags: ElementTypeFlags): number {
  return (flags.mt ? 1 : 0) | (flags.st ? 2 : 0) | (flags.ie ? 4 : 0) | (flags.dt ? 8 : 0);
}

export function encodeDeviceCapabilitiesPage(page: DeviceCapabilitiesPage): Buffer {
  const w = new BufferWriter(PAGE_LENGTH + 2);
  w.uint8((page.parametersSaveable ? 0x80 : 0) | DEVICE_CAPABILITIES_PAGE_CODE).uint8(PAGE_LENGTH);
  w.uint8(elementTypeBits(page.storage));
  w.uint8((page.autoCleanEnabled ? 4 : 0) | (page.volumeTagReaderPresent ? 2 : 0) | (page.smc2 ? 1 : 0));
  for (const t of TYPES) w.uint8((page.readAttribute[t] ? 0x80 : 0) | elementTypeBits(page.moveFrom[t]));
  w.zeros(4);
  for (const t of TYPES) w.uint8((page.writeAttribute[t] ? 0x80 : 0) | elementTypeBits(page.exchangeWith[t]));
  return w.zeros(4).toBuffer();
}

export function decodeDeviceCapabilitiesPage(r: BufferReader, parametersSaveable: boolean): DeviceCapabilitiesPage {
  if (r.remaining < MINIMUM_PAGE_LENGTH) throw r.error(`page length ${r.remaining} is shorter than ${MINIMUM_PAGE_LENGTH}h`, r.offset - 1);
  const storage = elementTypeFlags(r.uint8());
  const b3 = r.uint8();
  const moveRows = [r.uint8(), r.uint8(), r.uint8(), r.uint8()];
  r.skip(4);
  const exchangeRows = [r.uint8(), r.uint8(), r.uint8(), r.uint8()];
  const matrix = (rows: number[]): ElementTypeMatrix => ({
    mt: elementTypeFlags(rows[0]!),
    st: elementTypeFlags(rows[1]!),
    ie: elementTypeFlags(rows[2]!),
    dt: elementTypeFlags(rows[3]!),
  });
  const topBits = (rows: number[]): ElementTypeFlags => elementTypeFlags(rows.reduce((acc, row, i) => acc | ((row >> 7) << i), 0));
  return {
    kind: 'device-capabilities',
    parametersSaveable,
    storage,
    autoCleanEnabled: (b3 & 4) !== 0,
    volumeTagReaderPresent: (b3 & 2) !== 0,
    smc2: (b3 & 1) !== 0,
    moveFrom: matrix(moveRows),
    exchangeWith: matrix(exchangeRows),
    readAttribute: topBits(moveRows),
    writeAttribute: topBits(exchangeRows),
  };
}
