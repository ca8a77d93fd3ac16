import type { BufferReader } from '../bufferReader.ts';
import type { BufferWriter } from '../bufferWriter.ts';

/**
 * A designation (identification) descriptor as SPC's device identification page defines it.
 * SMC reuses the same bytes for the DVCID identifier in element descriptors (smc.md §2.4), which
 * is how a drive element is tied to a tape drive's serial number.
 *
 * byte 0: bits 7–4 protocol identifier, bits 3–0 code set; byte 1: bit 7 PIV, bits 5–4
 * association, bits 3–0 designator type; byte 2 reserved; byte 3 length; then the designator.
 */
export interface Designator {
  protocolIdentifier: number;
  codeSet: number;
  /** PIV: protocolIdentifier is meaningful. */
  protocolIdentifierValid: boolean;
  association: number;
  designatorType: number;
  identifier: Buffer;
}

export const CodeSet = {
  BINARY: 1,
  ASCII: 2,
  UTF8: 3,
} as const;

export const DesignatorType = {
  VENDOR_SPECIFIC: 0x0,
  T10_VENDOR_ID: 0x1,
  EUI64: 0x2,
  NAA: 0x3,
  RELATIVE_TARGET_PORT: 0x4,
  TARGET_PORT_GROUP: 0x5,
  LOGICAL_UNIT_GROUP: 0x6,
  MD5_LOGICAL_UNIT: 0x7,
  SCSI_NAME_STRING: 0x8,
} as const;

export const Association = {
  LOGICAL_UNIT: 0,
  TARGET_PORT: 1,
  TARGET_DEVICE: 2,
} as const;

/** An ASCII designator for the logical unit, e.g. the serial-only DVCID of SL150 (type 0) or vendor+product+serial (type 1). */
export function asciiDesignator(designatorType: number, text: string): Designator {
  return {
    protocolIdentifier: 0,
    codeSet: CodeSet.ASCII,
    protocolIdentifierValid: false,
    association: Association.LOGICAL_UNIT,
    designatorType,
    identifier: Buffer.from(text, 'latin1'),
  };
}

/** The identifier as text when its code set is ASCII or UTF-8, else undefined. */
export function designatorText(designator: Designator): string | undefined {
  if (designator.codeSet === CodeSet.ASCII) return designator.identifier.toString('latin1');
  if (designator.codeSet === CodeSet.UTF8) return designator.identifier.toString('utf8');
  return undefined;
}

export function designatorLength(designator: Designator): number {
  return 4 + designator.identifier.length;
}

export function writeDesignator(w: BufferWriter, d: Designator): void {
  w.uint8((nibble(d.protocolIdentifier, 'protocol identifier') << 4) | nibble(d.codeSet, 'code set'));
  if (!Number.isInteger(d.association) || d.association < 0 || d.association > 3) throw new RangeError(`association out of range: ${d.association}`);
  w.uint8((d.protocolIdentifierValid ? 0x80 : 0) | (d.association << 4) | nibble(d.designatorType, 'designator type'));
  w.uint8(0);
  w.uint8(d.identifier.length);
  w.bytes(d.identifier);
}

/** Reads one designator; the caller's reader bounds it (a length past the end is a ScsiFormatError). */
export function readDesignator(r: BufferReader): Designator {
  const b0 = r.uint8();
  const b1 = r.uint8();
  r.skip(1);
  const length = r.uint8();
  return {
    protocolIdentifier: b0 >> 4,
    codeSet: b0 & 0x0f,
    protocolIdentifierValid: (b1 & 0x80) !== 0,
    association: (b1 >> 4) & 0x03,
    designatorType: b1 & 0x0f,
    identifier: r.bytes(length),
  };
}

function nibble(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0x0f) throw new RangeError(`${what} out of range: ${value}`);
  return value;
}
