import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';
import type { SenseKey } from './senseKey.ts';
import { decodeSenseKeySpecific, encodeSenseKeySpecific, type SenseKeySpecific } from './senseKeySpecific.ts';

/** Fixed-format sense data, response codes 70h (current) and 71h (deferred). */
export interface FixedSenseData {
  format: 'fixed';
  /** Response code 71h instead of 70h. */
  deferred: boolean;
  /** VALID: the INFORMATION field is defined. */
  valid: boolean;
  information: number;
  filemark: boolean;
  endOfMedium: boolean;
  incorrectLength: boolean;
  senseKey: SenseKey;
  commandSpecificInformation: number;
  asc: number;
  ascq: number;
  fieldReplaceableUnitCode: number;
  /** Present means SKSV = 1. */
  senseKeySpecific?: SenseKeySpecific;
  /** Bytes 18 onwards (vendor or command-set specific). */
  additionalSenseBytes: Buffer;
}

export type FixedSenseInput = Pick<FixedSenseData, 'senseKey' | 'asc' | 'ascq'> & Partial<Omit<FixedSenseData, 'format'>>;

const STRUCTURE = 'fixed sense data';
/** Bytes 0–17: the shortest fixed sense a device sends (additional length 10). */
export const FIXED_SENSE_LENGTH = 18;

export function buildFixedSense(input: FixedSenseInput): Buffer {
  const extra = input.additionalSenseBytes ?? Buffer.alloc(0);
  const w = new BufferWriter(FIXED_SENSE_LENGTH + extra.length);
  w.uint8((input.valid === true ? 0x80 : 0) | (input.deferred === true ? 0x71 : 0x70));
  w.uint8(0);
  w.uint8(
    (input.filemark === true ? 0x80 : 0) |
      (input.endOfMedium === true ? 0x40 : 0) |
      (input.incorrectLength === true ? 0x20 : 0) |
      nibble(input.senseKey),
  );
  w.uint32(input.information ?? 0);
  w.uint8(FIXED_SENSE_LENGTH - 8 + extra.length);
  w.uint32(input.commandSpecificInformation ?? 0);
  w.uint8(input.asc).uint8(input.ascq).uint8(input.fieldReplaceableUnitCode ?? 0);
  w.bytes(input.senseKeySpecific === undefined ? Buffer.alloc(3) : encodeSenseKeySpecific(input.senseKey, input.senseKeySpecific));
  w.bytes(extra);
  return w.toBuffer();
}

/**
 * Tolerates truncation (REQUEST SENSE with a small allocation length, a transport that clips
 * sense): fields beyond the bytes received read as zero. Needs at least byte 0 and byte 2.
 */
export function parseFixedSense(bytes: Uint8Array): FixedSenseData {
  if (bytes.length < 3) throw new ScsiFormatError(STRUCTURE, `${bytes.length} byte(s) is too short to hold a sense key`, 'data');
  const code = bytes[0]! & 0x7f;
  if (code !== 0x70 && code !== 0x71) {
    throw new ScsiFormatError(STRUCTURE, `response code ${code.toString(16)}h is not 70h or 71h`, 'data', { byte: 0, bit: 6 });
  }
  const declared = bytes.length >= 8 ? 8 + bytes[7]! : bytes.length;
  const present = Math.min(bytes.length, declared);
  const padded = Buffer.alloc(Math.max(present, FIXED_SENSE_LENGTH));
  padded.set(bytes.subarray(0, present));
  const r = new BufferReader(padded, STRUCTURE);
  const b0 = r.uint8();
  r.skip(1);
  const b2 = r.uint8();
  const information = r.uint32();
  r.skip(1);
  const commandSpecificInformation = r.uint32();
  const asc = r.uint8();
  const ascq = r.uint8();
  const fieldReplaceableUnitCode = r.uint8();
  const senseKey = (b2 & 0x0f) as SenseKey;
  const senseKeySpecific = decodeSenseKeySpecific(senseKey, r.bytes(3));
  return {
    format: 'fixed',
    deferred: (b0 & 0x7f) === 0x71,
    valid: (b0 & 0x80) !== 0,
    information,
    filemark: (b2 & 0x80) !== 0,
    endOfMedium: (b2 & 0x40) !== 0,
    incorrectLength: (b2 & 0x20) !== 0,
    senseKey,
    commandSpecificInformation,
    asc,
    ascq,
    fieldReplaceableUnitCode,
    ...(senseKeySpecific === undefined ? {} : { senseKeySpecific }),
    additionalSenseBytes: r.rest(),
  };
}

function nibble(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 0x0f) throw new RangeError(`sense key out of range: ${value}`);
  return value;
}
