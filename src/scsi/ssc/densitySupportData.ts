import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';

/**
 * REPORT DENSITY SUPPORT data (ssc.md §2.11): 0–1 available density support length (total − 2),
 * 2–3 reserved, then 52-byte density support descriptors: 0 primary and 1 secondary density
 * code; 2 bit 7 WRTOK, bit 6 DUP, bit 5 DEFLT, bit 0 DLV; 3–4 descriptor length (52, as mhVTL
 * writes it); 5–7 bits per mm; 8–9 media width (0.1 mm); 10–11 tracks; 12–15 capacity (MB);
 * 16–23 assigning organization; 24–31 density name; 32–51 description.
 */
export interface DensitySupportDescriptor {
  primaryDensityCode: number;
  secondaryDensityCode: number;
  /** WRTOK: the drive can write this density. */
  writeOk: boolean;
  /** DUP: the density is also reported by another descriptor. */
  duplicate: boolean;
  /** DEFLT: the drive's default density. */
  defaultDensity: boolean;
  /** DLV: descriptor length valid (SSC-4). */
  descriptorLengthValid: boolean;
  bitsPerMm: number;
  /** Tenths of a millimetre (LTO: 127). */
  mediaWidth: number;
  tracks: number;
  /** 10^6 bytes. */
  capacityMB: number;
  assigningOrganization: string;
  densityName: string;
  description: string;
}

export const DENSITY_SUPPORT_DESCRIPTOR_LENGTH = 52;
const STRUCTURE = 'REPORT DENSITY SUPPORT data';

export function buildDensitySupportData(descriptors: readonly DensitySupportDescriptor[]): Buffer {
  const w = new BufferWriter(4 + DENSITY_SUPPORT_DESCRIPTOR_LENGTH * descriptors.length).uint16(0).zeros(2);
  for (const d of descriptors) {
    w.uint8(d.primaryDensityCode).uint8(d.secondaryDensityCode);
    w.uint8((d.writeOk ? 0x80 : 0) | (d.duplicate ? 0x40 : 0) | (d.defaultDensity ? 0x20 : 0) | (d.descriptorLengthValid ? 0x01 : 0));
    w.uint16(DENSITY_SUPPORT_DESCRIPTOR_LENGTH).uint24(d.bitsPerMm).uint16(d.mediaWidth).uint16(d.tracks).uint32(d.capacityMB);
    w.paddedText(d.assigningOrganization, 8).paddedText(d.densityName, 8).paddedText(d.description, 20);
  }
  return w.patch(0, 2, w.offset - 2).toBuffer();
}

/** Descriptors cut by the allocation length are left out (truncated = true). */
export function parseDensitySupportData(bytes: Uint8Array): { descriptors: DensitySupportDescriptor[]; truncated: boolean } {
  if (bytes.length < 4) throw new ScsiFormatError(STRUCTURE, `${bytes.length} byte(s) is shorter than the 4-byte header`, 'data');
  const r = new BufferReader(bytes, STRUCTURE);
  const available = r.uint16();
  r.skip(2);
  const body = r.sub(Math.min(available - 2, r.remaining));
  const descriptors: DensitySupportDescriptor[] = [];
  while (body.remaining >= DENSITY_SUPPORT_DESCRIPTOR_LENGTH) {
    const primaryDensityCode = body.uint8();
    const secondaryDensityCode = body.uint8();
    const flags = body.uint8();
    const lengthAt = body.offset;
    const length = body.uint16();
    if (length !== DENSITY_SUPPORT_DESCRIPTOR_LENGTH) throw body.error(`descriptor length ${length} is not ${DENSITY_SUPPORT_DESCRIPTOR_LENGTH}`, lengthAt);
    descriptors.push({
      primaryDensityCode,
      secondaryDensityCode,
      writeOk: (flags & 0x80) !== 0,
      duplicate: (flags & 0x40) !== 0,
      defaultDensity: (flags & 0x20) !== 0,
      descriptorLengthValid: (flags & 0x01) !== 0,
      bitsPerMm: body.uint24(),
      mediaWidth: body.uint16(),
      tracks: body.uint16(),
      capacityMB: body.uint32(),
      assigningOrganization: body.paddedText(8),
      densityName: body.paddedText(8),
      description: body.paddedText(20),
    });
  }
  return { descriptors, truncated: bytes.length < 2 + available || body.remaining > 0 };
}
