import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';
import type { SenseKey } from './senseKey.ts';
import { decodeSenseKeySpecific, encodeSenseKeySpecific, type SenseKeySpecific } from './senseKeySpecific.ts';

/** Descriptor-format sense data, response codes 72h (current) and 73h (deferred). */
export interface DescriptorSenseData {
  format: 'descriptor';
  deferred: boolean;
  senseKey: SenseKey;
  asc: number;
  ascq: number;
  descriptors: SenseDescriptor[];
}

/** The sense data descriptors SPC defines that a changer stack meets; anything else stays raw. */
export type SenseDescriptor =
  | { type: 'information'; valid: boolean; information: bigint }
  | { type: 'command-specific-information'; information: bigint }
  | { type: 'sense-key-specific'; senseKeySpecific?: SenseKeySpecific }
  | { type: 'field-replaceable-unit'; code: number }
  | { type: 'stream-commands'; filemark: boolean; endOfMedium: boolean; incorrectLength: boolean }
  | { type: 'block-commands'; incorrectLength: boolean }
  | { type: 'other'; descriptorType: number; bytes: Buffer };

export const SenseDescriptorType = {
  INFORMATION: 0x00,
  COMMAND_SPECIFIC_INFORMATION: 0x01,
  SENSE_KEY_SPECIFIC: 0x02,
  FIELD_REPLACEABLE_UNIT: 0x03,
  STREAM_COMMANDS: 0x04,
  BLOCK_COMMANDS: 0x05,
} as const;

export type DescriptorSenseInput = Pick<DescriptorSenseData, 'senseKey' | 'asc' | 'ascq'> &
  Partial<Omit<DescriptorSenseData, 'format'>>;

const STRUCTURE = 'descriptor sense data';

export function buildDescriptorSense(input: DescriptorSenseInput): Buffer {
  const w = new BufferWriter();
  w.uint8(input.deferred === true ? 0x73 : 0x72);
  if (!Number.isInteger(input.senseKey) || input.senseKey < 0 || input.senseKey > 0x0f) {
    throw new RangeError(`sense key out of range: ${input.senseKey}`);
  }
  w.uint8(input.senseKey).uint8(input.asc).uint8(input.ascq).zeros(3);
  const lengthAt = w.offset;
  w.uint8(0);
  for (const descriptor of input.descriptors ?? []) writeDescriptor(w, input.senseKey, descriptor);
  w.patch(lengthAt, 1, w.offset - 8);
  return w.toBuffer();
}

function writeDescriptor(w: BufferWriter, senseKey: number, d: SenseDescriptor): void {
  switch (d.type) {
    case 'information':
      w.uint8(SenseDescriptorType.INFORMATION).uint8(0x0a).uint8(d.valid ? 0x80 : 0).uint8(0).uint64(d.information);
      return;
    case 'command-specific-information':
      w.uint8(SenseDescriptorType.COMMAND_SPECIFIC_INFORMATION).uint8(0x0a).zeros(2).uint64(d.information);
      return;
    case 'sense-key-specific':
      w.uint8(SenseDescriptorType.SENSE_KEY_SPECIFIC).uint8(0x06).zeros(2);
      w.bytes(d.senseKeySpecific === undefined ? Buffer.alloc(3) : encodeSenseKeySpecific(senseKey, d.senseKeySpecific));
      w.uint8(0);
      return;
    case 'field-replaceable-unit':
      w.uint8(SenseDescriptorType.FIELD_REPLACEABLE_UNIT).uint8(0x02).uint8(0).uint8(d.code);
      return;
    case 'stream-commands':
      w.uint8(SenseDescriptorType.STREAM_COMMANDS).uint8(0x02).uint8(0);
      w.uint8((d.filemark ? 0x80 : 0) | (d.endOfMedium ? 0x40 : 0) | (d.incorrectLength ? 0x20 : 0));
      return;
    case 'block-commands':
      w.uint8(SenseDescriptorType.BLOCK_COMMANDS).uint8(0x02).uint8(0).uint8(d.incorrectLength ? 0x20 : 0);
      return;
    case 'other':
      w.uint8(d.descriptorType).uint8(d.bytes.length).bytes(d.bytes);
      return;
  }
}

/**
 * Tolerates truncation: descriptors that do not fit entirely in the bytes received are dropped.
 * A known descriptor whose additional length is too small for its fields is malformed.
 */
export function parseDescriptorSense(bytes: Uint8Array): DescriptorSenseData {
  if (bytes.length < 4) throw new ScsiFormatError(STRUCTURE, `${bytes.length} byte(s) is too short for key and ASC/ASCQ`, 'data');
  const code = bytes[0]! & 0x7f;
  if (code !== 0x72 && code !== 0x73) {
    throw new ScsiFormatError(STRUCTURE, `response code ${code.toString(16)}h is not 72h or 73h`, 'data', { byte: 0, bit: 6 });
  }
  const senseKey = (bytes[1]! & 0x0f) as SenseKey;
  const declared = bytes.length >= 8 ? 8 + bytes[7]! : bytes.length;
  const r = new BufferReader(bytes.subarray(0, Math.min(bytes.length, declared)), STRUCTURE, 'data', Math.min(8, bytes.length));
  const descriptors: SenseDescriptor[] = [];
  while (r.remaining >= 2) {
    const start = r.offset;
    const type = r.uint8();
    const length = r.uint8();
    if (length > r.remaining) break;
    descriptors.push(readDescriptor(r.sub(length, `${STRUCTURE} descriptor ${type.toString(16)}h`), type, length, senseKey, start));
  }
  return { format: 'descriptor', deferred: code === 0x73, senseKey, asc: bytes[2]!, ascq: bytes[3]!, descriptors };
}

const MINIMUM_LENGTH: Record<number, number> = { 0: 0x0a, 1: 0x0a, 2: 0x06, 3: 0x02, 4: 0x02, 5: 0x02 };

function readDescriptor(r: BufferReader, type: number, length: number, senseKey: number, start: number): SenseDescriptor {
  const minimum = MINIMUM_LENGTH[type];
  if (minimum === undefined) return { type: 'other', descriptorType: type, bytes: r.rest() };
  if (length < minimum) throw r.error(`descriptor type ${type.toString(16)}h has additional length ${length}, needs ${minimum}`, start + 1);
  switch (type) {
    case SenseDescriptorType.INFORMATION: {
      const valid = (r.uint8() & 0x80) !== 0;
      r.skip(1);
      return { type: 'information', valid, information: r.uint64() };
    }
    case SenseDescriptorType.COMMAND_SPECIFIC_INFORMATION:
      r.skip(2);
      return { type: 'command-specific-information', information: r.uint64() };
    case SenseDescriptorType.SENSE_KEY_SPECIFIC: {
      r.skip(2);
      const senseKeySpecific = decodeSenseKeySpecific(senseKey, r.bytes(3));
      return senseKeySpecific === undefined ? { type: 'sense-key-specific' } : { type: 'sense-key-specific', senseKeySpecific };
    }
    case SenseDescriptorType.FIELD_REPLACEABLE_UNIT:
      r.skip(1);
      return { type: 'field-replaceable-unit', code: r.uint8() };
    case SenseDescriptorType.STREAM_COMMANDS: {
      r.skip(1);
      const flags = r.uint8();
      return { type: 'stream-commands', filemark: (flags & 0x80) !== 0, endOfMedium: (flags & 0x40) !== 0, incorrectLength: (flags & 0x20) !== 0 };
    }
    default: {
      r.skip(1);
      return { type: 'block-commands', incorrectLength: (r.uint8() & 0x20) !== 0 };
    }
  }
}
