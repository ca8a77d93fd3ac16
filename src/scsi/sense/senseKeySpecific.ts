import { SenseKey } from './senseKey.ts';

/**
 * SENSE KEY SPECIFIC bytes (fixed sense bytes 15–17, or the 02h sense descriptor). Their meaning
 * depends on the sense key, so the parser picks the variant from the key; SKSV itself is not a
 * field: a present value means SKSV = 1.
 */
export type SenseKeySpecific =
  | FieldPointerInfo
  | { kind: 'progress'; progress: number }
  | { kind: 'retry-count'; actualRetryCount: number }
  | SegmentPointerInfo
  | { kind: 'unit-attention-queue-overflow'; overflow: boolean }
  | { kind: 'raw'; value: number };

/** ILLEGAL REQUEST: which byte (and bit) of the CDB or parameter list is wrong. */
export interface FieldPointerInfo {
  kind: 'field-pointer';
  /** C/D: true = the error is in the CDB, false = in the parameter list. */
  commandData: boolean;
  /** 0–7; present means BPV = 1. */
  bitPointer?: number;
  fieldPointer: number;
}

/** COPY ABORTED: where in a segment descriptor or parameter list the error is. */
export interface SegmentPointerInfo {
  kind: 'segment-pointer';
  segmentDescriptor: boolean;
  bitPointer?: number;
  fieldPointer: number;
}

type Kind = SenseKeySpecific['kind'];

/** The variant SPC defines for a sense key. */
export function senseKeySpecificKind(senseKey: number): Kind {
  switch (senseKey) {
    case SenseKey.ILLEGAL_REQUEST:
      return 'field-pointer';
    case SenseKey.NO_SENSE:
    case SenseKey.NOT_READY:
      return 'progress';
    case SenseKey.RECOVERED_ERROR:
    case SenseKey.MEDIUM_ERROR:
    case SenseKey.HARDWARE_ERROR:
      return 'retry-count';
    case SenseKey.COPY_ABORTED:
      return 'segment-pointer';
    case SenseKey.UNIT_ATTENTION:
      return 'unit-attention-queue-overflow';
    default:
      return 'raw';
  }
}

const SKSV = 0x80;

/** The three bytes, SKSV set. A variant that does not belong to the sense key is a bug: RangeError. */
export function encodeSenseKeySpecific(senseKey: number, value: SenseKeySpecific): Buffer {
  const expected = senseKeySpecificKind(senseKey);
  if (value.kind !== expected) {
    throw new RangeError(`sense key ${senseKey} carries '${expected}' sense-key-specific data, not '${value.kind}'`);
  }
  const out = Buffer.alloc(3);
  switch (value.kind) {
    case 'field-pointer':
      out[0] = SKSV | (value.commandData ? 0x40 : 0) | bitPointerBits(value.bitPointer);
      out.writeUInt16BE(checked(value.fieldPointer, 0xffff, 'field pointer'), 1);
      break;
    case 'segment-pointer':
      out[0] = SKSV | (value.segmentDescriptor ? 0x20 : 0) | bitPointerBits(value.bitPointer);
      out.writeUInt16BE(checked(value.fieldPointer, 0xffff, 'field pointer'), 1);
      break;
    case 'progress':
      out[0] = SKSV;
      out.writeUInt16BE(checked(value.progress, 0xffff, 'progress indication'), 1);
      break;
    case 'retry-count':
      out[0] = SKSV;
      out.writeUInt16BE(checked(value.actualRetryCount, 0xffff, 'actual retry count'), 1);
      break;
    case 'unit-attention-queue-overflow':
      out[0] = SKSV | (value.overflow ? 0x01 : 0);
      break;
    case 'raw':
      out.writeUIntBE(SKSV << 16 | checked(value.value, 0x7fffff, 'sense key specific value'), 0, 3);
      break;
  }
  return out;
}

/** undefined when SKSV = 0 (the bytes then carry nothing defined). */
export function decodeSenseKeySpecific(senseKey: number, bytes: Uint8Array): SenseKeySpecific | undefined {
  const [b0 = 0, b1 = 0, b2 = 0] = bytes;
  if ((b0 & SKSV) === 0) return undefined;
  const word = (b1 << 8) | b2;
  switch (senseKeySpecificKind(senseKey)) {
    case 'field-pointer':
      return { kind: 'field-pointer', commandData: (b0 & 0x40) !== 0, ...bitPointerOf(b0), fieldPointer: word };
    case 'segment-pointer':
      return { kind: 'segment-pointer', segmentDescriptor: (b0 & 0x20) !== 0, ...bitPointerOf(b0), fieldPointer: word };
    case 'progress':
      return { kind: 'progress', progress: word };
    case 'retry-count':
      return { kind: 'retry-count', actualRetryCount: word };
    case 'unit-attention-queue-overflow':
      return { kind: 'unit-attention-queue-overflow', overflow: (b0 & 0x01) !== 0 };
    case 'raw':
      return { kind: 'raw', value: ((b0 & 0x7f) << 16) | word };
  }
}

function bitPointerBits(bit: number | undefined): number {
  return bit === undefined ? 0 : 0x08 | checked(bit, 7, 'bit pointer');
}

function bitPointerOf(b0: number): { bitPointer?: number } {
  return (b0 & 0x08) !== 0 ? { bitPointer: b0 & 0x07 } : {};
}

function checked(value: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${what} out of range: ${value}`);
  return value;
}
