import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';

/**
 * Medium auxiliary memory attributes (ssc.md §2.13) as READ ATTRIBUTE returns them and WRITE
 * ATTRIBUTE sends them: 0–1 identifier, 2 bit 7 READ ONLY and bits 1–0 FORMAT, 3–4 length,
 * then the value. READ ATTRIBUTE data: 0–3 AVAILABLE DATA (bytes that follow, whatever the
 * allocation length cut), then attributes or (ATTRIBUTE LIST, SUPPORTED ATTRIBUTES) 2-byte ids.
 * WRITE ATTRIBUTE parameter list: 0–3 PARAMETER DATA LENGTH, then attributes.
 */
export const AttributeFormat = {
  BINARY: 0,
  ASCII: 1,
  TEXT: 2,
} as const;

export interface MamAttribute {
  identifier: number;
  readOnly: boolean;
  format: number;
  value: Buffer;
}

/** The attributes SPC/SSC name, with the length and format they always have (undefined: variable). */
export interface AttributeDefinition {
  readonly identifier: number;
  readonly name: string;
  readonly length: number | undefined;
  readonly format: number;
}

const { BINARY, ASCII, TEXT } = AttributeFormat;
const definition = (identifier: number, name: string, length: number | undefined, format: number): AttributeDefinition => ({ identifier, name, length, format });

/** Device attributes (read-only, kept by the drive). */
export const DEVICE_ATTRIBUTES: readonly AttributeDefinition[] = [
  definition(0x0000, 'remaining capacity in partition (MiB)', 8, BINARY),
  definition(0x0001, 'maximum capacity in partition (MiB)', 8, BINARY),
  definition(0x0003, 'load count', 8, BINARY),
  definition(0x0004, 'MAM space remaining (bytes)', 8, BINARY),
  definition(0x0005, 'assigning organization', 8, ASCII),
  definition(0x0006, 'format density code', 1, BINARY),
  definition(0x0009, 'volume change reference', 4, BINARY),
  definition(0x020a, 'device vendor/serial number at last load', 40, ASCII),
  definition(0x020b, 'device vendor/serial number at load-1', 40, ASCII),
  definition(0x020c, 'device vendor/serial number at load-2', 40, ASCII),
  definition(0x020d, 'device vendor/serial number at load-3', 40, ASCII),
  definition(0x0400, 'medium manufacturer', 8, ASCII),
  definition(0x0401, 'medium serial number', 32, ASCII),
  definition(0x0402, 'medium length (m)', 4, BINARY),
  definition(0x0403, 'medium width (0.1 mm)', 4, BINARY),
  definition(0x0404, 'assigning organization', 8, ASCII),
  definition(0x0405, 'medium density code', 1, BINARY),
  definition(0x0407, 'MAM capacity (bytes)', 8, BINARY),
  definition(0x0408, 'medium type', 1, BINARY),
];

/** Host attributes (written by applications). */
export const HOST_ATTRIBUTES: readonly AttributeDefinition[] = [
  definition(0x0800, 'application vendor', 8, ASCII),
  definition(0x0801, 'application name', 32, ASCII),
  definition(0x0802, 'application version', 8, ASCII),
  definition(0x0803, 'user medium text label', 160, TEXT),
  definition(0x0804, 'date and time last written', 12, ASCII),
  definition(0x0805, 'text localization identifier', 1, BINARY),
  definition(0x0806, 'barcode', 32, ASCII),
  definition(0x0807, 'owning host textual name', 80, TEXT),
  definition(0x0808, 'media pool', 160, TEXT),
  definition(0x0809, 'partition user text label', 16, ASCII),
  definition(0x080a, 'load/unload at partition', 1, BINARY),
  definition(0x080b, 'application format version', 16, ASCII),
  definition(0x080c, 'volume coherency information', undefined, BINARY),
  definition(0x0820, 'medium globally unique identifier', 36, BINARY),
  definition(0x0821, 'media pool globally unique identifier', 36, BINARY),
];

export function attributeDefinition(identifier: number): AttributeDefinition | undefined {
  return DEVICE_ATTRIBUTES.find((d) => d.identifier === identifier) ?? HOST_ATTRIBUTES.find((d) => d.identifier === identifier);
}

function writeAttribute(w: BufferWriter, a: MamAttribute): void {
  w.uint16(a.identifier).uint8((a.readOnly ? 0x80 : 0) | (a.format & 0x03)).uint16(a.value.length).bytes(a.value);
}

function attributesLength(attributes: readonly MamAttribute[]): number {
  return attributes.reduce((n, a) => n + 5 + a.value.length, 0);
}

/** ATTRIBUTE VALUES data: AVAILABLE DATA then the attributes. */
export function buildAttributeValues(attributes: readonly MamAttribute[]): Buffer {
  const w = new BufferWriter(4 + attributesLength(attributes)).uint32(attributesLength(attributes));
  for (const a of attributes) writeAttribute(w, a);
  return w.toBuffer();
}

/** ATTRIBUTE LIST / SUPPORTED ATTRIBUTES data: AVAILABLE DATA then 2-byte identifiers. */
export function buildAttributeIdentifiers(identifiers: readonly number[]): Buffer {
  const w = new BufferWriter(4 + 2 * identifiers.length).uint32(2 * identifiers.length);
  for (const id of identifiers) w.uint16(id);
  return w.toBuffer();
}

/** WRITE ATTRIBUTE parameter list: PARAMETER DATA LENGTH (the bytes after it) then the attributes. */
export function buildWriteAttributeParameters(attributes: readonly MamAttribute[]): Buffer {
  const w = new BufferWriter(4 + attributesLength(attributes)).uint32(attributesLength(attributes));
  for (const a of attributes) writeAttribute(w, { ...a, readOnly: false });
  return w.toBuffer();
}

function readAttributes(r: BufferReader, end: number, select: boolean): MamAttribute[] {
  const attributes: MamAttribute[] = [];
  while (r.offset < end) {
    const at = r.offset;
    if (end - at < 5) {
      if (select) throw r.error('attribute header cut short', at);
      break;
    }
    const identifier = r.uint16();
    const b2 = r.uint8();
    if (select && (b2 & 0x7c) !== 0) throw r.error(`reserved bit ${31 - Math.clz32(b2 & 0x7c)} is set`, at + 2, 31 - Math.clz32(b2 & 0x7c));
    const length = r.uint16();
    if (r.offset + length > end) {
      if (select) throw r.error(`attribute length ${length} runs past the list`, at + 3);
      break;
    }
    attributes.push({ identifier, readOnly: (b2 & 0x80) !== 0, format: b2 & 0x03, value: r.bytes(length) });
  }
  return attributes;
}

/** A device's answer; attributes cut by the allocation length are left out. */
export function parseAttributeValues(bytes: Uint8Array): { availableData: number; attributes: MamAttribute[] } {
  if (bytes.length < 4) throw new ScsiFormatError('READ ATTRIBUTE data', `${bytes.length} byte(s) is shorter than the 4-byte header`, 'data');
  const r = new BufferReader(bytes, 'READ ATTRIBUTE data');
  const availableData = r.uint32();
  return { availableData, attributes: readAttributes(r, Math.min(bytes.length, 4 + availableData), false) };
}

/**
 * An initiator's WRITE ATTRIBUTE list. PARAMETER DATA LENGTH is the bytes after the field (PBS);
 * LTFS counts the field too: both are accepted, any other value is a field error at byte 0.
 */
export function parseWriteAttributeParameters(bytes: Uint8Array): MamAttribute[] {
  const r = new BufferReader(bytes, 'WRITE ATTRIBUTE parameter list', 'parameter-list');
  if (bytes.length < 4) throw new ScsiFormatError(r.structure, `${bytes.length} byte(s) is shorter than the 4-byte header`, 'parameter-list', { byte: 0 }, true);
  const length = r.uint32();
  if (length !== bytes.length - 4 && length !== bytes.length) throw r.error(`parameter data length ${length} does not match the ${bytes.length}-byte list`, 0);
  return readAttributes(r, bytes.length, true);
}
