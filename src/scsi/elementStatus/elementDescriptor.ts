import type { BufferReader } from '../bufferReader.ts';
import type { BufferWriter } from '../bufferWriter.ts';
import { designatorLength, readDesignator, writeDesignator, type Designator } from '../inquiry/designator.ts';
import { readVolumeTag, writeVolumeTag, VOLUME_TAG_LENGTH, type VolumeTag } from './volumeTag.ts';

/** MEDIUM TYPE (descriptor byte 9 bits 2–0). */
export const MediumType = {
  UNSPECIFIED: 0,
  DATA: 1,
  CLEANING: 2,
  DIAGNOSTIC: 3,
  WORM: 4,
} as const;

/**
 * One element descriptor (smc.md §2.3–§2.4). All flags are present on every descriptor so one
 * shape serves every element type; the ones a type does not define (ImpExp on a slot, bus
 * address on a transport) are simply false/zero there. Field names follow SMC's.
 */
export interface ElementDescriptor {
  elementAddress: number;
  /** Byte 2: OIR (IE, SMC-3) operator intervention required. */
  oir: boolean;
  /** CMC (IE, SMC-3): connected media changer. */
  cmc: boolean;
  /** InEnab (IE): can import. */
  inEnab: boolean;
  /** ExEnab (IE): can export. */
  exEnab: boolean;
  access: boolean;
  except: boolean;
  /** ImpExp (IE): 1 = placed by an operator, 0 = by the robot. */
  impExp: boolean;
  full: boolean;
  /** Bytes 4–5: why Except is set. */
  asc: number;
  ascq: number;
  /** Byte 6 (DT): NotBus, ID Valid, LU Valid, LUN. */
  notBus: boolean;
  idValid: boolean;
  luValid: boolean;
  lun: number;
  /** Byte 7 (DT): SCSI bus address of the drive. */
  scsiBusAddress: number;
  /** Byte 9: SValid (source address valid), Invert, ED (element disabled), medium type. */
  sValid: boolean;
  invert: boolean;
  ed: boolean;
  mediumType: number;
  /** Bytes 10–11: where the medium came from (meaningful when sValid). */
  sourceAddress: number;
  /** Present only in pages with PVolTag (undefined there = 36 zero bytes). */
  primaryVolumeTag?: VolumeTag;
  /** Present only in pages with AVolTag. */
  alternateVolumeTag?: VolumeTag;
  /** Present only in pages with identifiers (DVCID = 1); undefined there = an empty 4-byte header. */
  identification?: Designator;
}

/** A descriptor with every flag clear, for callers that set a few fields. */
export function elementDescriptor(elementAddress: number, fields: Partial<ElementDescriptor> = {}): ElementDescriptor {
  return {
    elementAddress,
    oir: false,
    cmc: false,
    inEnab: false,
    exEnab: false,
    access: false,
    except: false,
    impExp: false,
    full: false,
    asc: 0,
    ascq: 0,
    notBus: false,
    idValid: false,
    luValid: false,
    lun: 0,
    scsiBusAddress: 0,
    sValid: false,
    invert: false,
    ed: false,
    mediumType: MediumType.UNSPECIFIED,
    sourceAddress: 0,
    ...fields,
  };
}

/** Which optional fields every descriptor of a page carries (from the page header and the CDB's DVCID). */
export interface DescriptorLayout {
  primaryVolumeTag: boolean;
  alternateVolumeTag: boolean;
  identification: boolean;
}

export const DESCRIPTOR_BASE_LENGTH = 12;

/** Bytes this descriptor needs under a layout, before padding to the page's descriptor length. */
export function descriptorNaturalLength(d: ElementDescriptor, layout: DescriptorLayout): number {
  return (
    DESCRIPTOR_BASE_LENGTH +
    (layout.primaryVolumeTag ? VOLUME_TAG_LENGTH : 0) +
    (layout.alternateVolumeTag ? VOLUME_TAG_LENGTH : 0) +
    (layout.identification ? (d.identification === undefined ? 4 : designatorLength(d.identification)) : 0)
  );
}

/** Writes exactly `length` bytes (padding with zeros after the identifier); `d` already passed checkLayout. */
export function writeElementDescriptor(w: BufferWriter, d: ElementDescriptor, layout: DescriptorLayout, length: number): void {
  const start = w.offset;
  // Every field checked first, in byte order, then the 12 fixed bytes set in place.
  const elementAddress = uint(d.elementAddress, 0xffff, 'uint16');
  const asc = uint(d.asc, 0xff, 'uint8');
  const ascq = uint(d.ascq, 0xff, 'uint8');
  const lun = bits(d.lun, 3, 'LUN');
  const scsiBusAddress = uint(d.scsiBusAddress, 0xff, 'uint8');
  const mediumType = bits(d.mediumType, 3, 'medium type');
  const sourceAddress = uint(d.sourceAddress, 0xffff, 'uint16');
  const b = w.claim(DESCRIPTOR_BASE_LENGTH);
  b[start] = elementAddress >>> 8;
  b[start + 1] = elementAddress & 0xff;
  b[start + 2] = flag(d.oir, 7) | flag(d.cmc, 6) | flag(d.inEnab, 5) | flag(d.exEnab, 4) | flag(d.access, 3) | flag(d.except, 2) | flag(d.impExp, 1) | flag(d.full, 0);
  b[start + 3] = 0;
  b[start + 4] = asc;
  b[start + 5] = ascq;
  b[start + 6] = flag(d.notBus, 7) | flag(d.idValid, 5) | flag(d.luValid, 4) | lun;
  b[start + 7] = scsiBusAddress;
  b[start + 8] = 0;
  b[start + 9] = flag(d.sValid, 7) | flag(d.invert, 6) | flag(d.ed, 3) | mediumType;
  b[start + 10] = sourceAddress >>> 8;
  b[start + 11] = sourceAddress & 0xff;
  if (layout.primaryVolumeTag) writeVolumeTag(w, d.primaryVolumeTag);
  if (layout.alternateVolumeTag) writeVolumeTag(w, d.alternateVolumeTag);
  if (layout.identification) {
    if (d.identification === undefined) w.zeros(4);
    else writeDesignator(w, d.identification);
  }
  const written = w.offset - start;
  if (written > length) throw new RangeError(`element ${d.elementAddress}: descriptor needs ${written} bytes, page declares ${length}`);
  w.zeros(length - written);
}

/** Reads one descriptor from a reader bounded to exactly the descriptor length. */
export function readElementDescriptor(r: BufferReader, layout: DescriptorLayout): ElementDescriptor {
  const elementAddress = r.uint16();
  const b2 = r.uint8();
  r.skip(1);
  const asc = r.uint8();
  const ascq = r.uint8();
  const b6 = r.uint8();
  const scsiBusAddress = r.uint8();
  r.skip(1);
  const b9 = r.uint8();
  const sourceAddress = r.uint16();
  const d = elementDescriptor(elementAddress, {
    oir: on(b2, 7),
    cmc: on(b2, 6),
    inEnab: on(b2, 5),
    exEnab: on(b2, 4),
    access: on(b2, 3),
    except: on(b2, 2),
    impExp: on(b2, 1),
    full: on(b2, 0),
    asc,
    ascq,
    notBus: on(b6, 7),
    idValid: on(b6, 5),
    luValid: on(b6, 4),
    lun: b6 & 0x07,
    scsiBusAddress,
    sValid: on(b9, 7),
    invert: on(b9, 6),
    ed: on(b9, 3),
    mediumType: b9 & 0x07,
    sourceAddress,
  });
  if (layout.primaryVolumeTag) {
    const tag = readVolumeTag(r);
    if (tag !== undefined) d.primaryVolumeTag = tag;
  }
  if (layout.alternateVolumeTag) {
    const tag = readVolumeTag(r);
    if (tag !== undefined) d.alternateVolumeTag = tag;
  }
  if (layout.identification) {
    const id = readDesignator(r);
    // An all-zero header is SMC's "no identifier" (length 0, code set and type 0).
    if (!isEmptyIdentification(id)) d.identification = id;
  }
  return d;
}

/** Whether a descriptor of `room` bytes after the tags holds a complete identification descriptor. */
export function holdsIdentification(bytes: Uint8Array, at: number, room: number): boolean {
  if (room < 4 || at + 4 > bytes.length) return false;
  return 4 + bytes[at + 3]! <= room;
}

function isEmptyIdentification(d: Designator): boolean {
  return d.identifier.length === 0 && d.codeSet === 0 && d.designatorType === 0 && d.association === 0 && d.protocolIdentifier === 0 && !d.protocolIdentifierValid;
}

/** A descriptor may carry only the optional fields its page declares. */
export function checkLayout(d: ElementDescriptor, layout: DescriptorLayout): void {
  const misplaced =
    (!layout.primaryVolumeTag && d.primaryVolumeTag !== undefined && 'primary volume tag') ||
    (!layout.alternateVolumeTag && d.alternateVolumeTag !== undefined && 'alternate volume tag') ||
    (!layout.identification && d.identification !== undefined && 'identification descriptor');
  if (misplaced) throw new RangeError(`element ${d.elementAddress} has a ${misplaced} its page does not declare`);
}

function flag(value: boolean, position: number): number {
  return value ? 1 << position : 0;
}

function on(byte: number, position: number): boolean {
  return (byte & (1 << position)) !== 0;
}

/** The same check and message as BufferWriter's own fields. */
function uint(value: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${what} out of range: ${value}`);
  return value;
}

function bits(value: number, width: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value >= 1 << width) throw new RangeError(`${what} does not fit in ${width} bits: ${value}`);
  return value;
}
