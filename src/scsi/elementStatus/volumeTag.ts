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
  if (tag === undefined) {
    w.zeros(VOLUME_TAG_LENGTH);
    return;
  }
  w.paddedText(tag.volumeIdentifier, VOLUME_IDENTIFIER_LENGTH).zeros(2).uint16(tag.sequenceNumber);
}

export function readVolumeTag(r: BufferReader): VolumeTag | undefined {
  const raw = r.bytes(VOLUME_TAG_LENGTH);
  if (raw.every((b) => b === 0)) return undefined;
  return {
    volumeIdentifier: raw.subarray(0, VOLUME_IDENTIFIER_LENGTH).toString('latin1').replace(/[ \0]+$/, ''),
    sequenceNumber: raw.readUInt16BE(34),
  };
}
