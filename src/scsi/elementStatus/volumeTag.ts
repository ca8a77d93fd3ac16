import type { BufferReader } from '../bufferReader.ts';
import type { BufferWriter } from '../bufferWriter.ts';

/**
 * Volume tag information, 36 bytes (smc.md §2.4): bytes 0–31 volume identification, ASCII,
 * left-justified, space-padded; 32–33 reserved; 34–35 volume sequence number.
 */
export interface VolumeTag {
  /** The barcode, without its padding. */
  volumeIdentifier: string;
  sequenceNumber: number;
}

export const VOLUME_TAG_LENGTH = 36;
export const VOLUME_IDENTIFIER_LENGTH = 32;

/**
 * An absent tag (no medium, unreadable label) is written as 36 zero bytes and read back as
 * undefined; an empty identifier ('') is written as 32 spaces and stays ''. The two differ on the
 * wire (tgt sends spaces for empty slots), so both are kept apart.
 */
export function writeVolumeTag(w: BufferWriter, tag: VolumeTag | undefined): void {
  const at = w.offset;
  if (tag === undefined) {
    w.zeros(VOLUME_TAG_LENGTH);
    return;
  }
  const identifier = tag.volumeIdentifier;
  if (identifier.length > VOLUME_IDENTIFIER_LENGTH) throw new RangeError(`text "${identifier}" is longer than its ${VOLUME_IDENTIFIER_LENGTH}-byte field`);
  const sequenceNumber = tag.sequenceNumber;
  if (!Number.isInteger(sequenceNumber) || sequenceNumber < 0 || sequenceNumber > 0xffff) throw new RangeError(`uint16 out of range: ${sequenceNumber}`);
  // Set in place: an inventory writes thousands of these.
  const b = w.claim(VOLUME_TAG_LENGTH);
  const length = identifier.length;
  let i = 0;
  for (; i < length; i++) {
    const code = identifier.charCodeAt(i);
    if (code > 0xff) throw new RangeError(`text "${identifier}" has a character outside latin1`);
    b[at + i] = code;
  }
  for (; i < VOLUME_IDENTIFIER_LENGTH; i++) b[at + i] = 0x20;
  b[at + 32] = 0;
  b[at + 33] = 0;
  b[at + 34] = sequenceNumber >>> 8;
  b[at + 35] = sequenceNumber & 0xff;
}

export function readVolumeTag(r: BufferReader): VolumeTag | undefined {
  const raw = r.bytes(VOLUME_TAG_LENGTH);
  if (raw.every((b) => b === 0)) return undefined;
  return {
    volumeIdentifier: raw.subarray(0, VOLUME_IDENTIFIER_LENGTH).toString('latin1').replace(/[ \0]+$/, ''),
    sequenceNumber: raw.readUInt16BE(34),
  };
}
