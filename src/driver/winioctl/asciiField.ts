import type { LeReader } from './leReader.ts';
import type { LeWriter } from './leWriter.ts';

const SPACE = 0x20;
const TILDE = 0x7e;

/**
 * The VOLUME IDENTIFICATION part of a SCSI volume tag; the remaining bytes of a 36-byte tag (and of
 * the 40-byte SEND VOLUME TAG template) are reserved and volume sequence numbers.
 */
const SCSI_VOLUME_IDENTIFICATION_LENGTH = 32;

/**
 * Reads a fixed-width ASCII field. Both paddings met in practice end at the text: INQUIRY-style
 * spaces and C-style NULs (a Windows buffer the class driver zeroed and a miniclass filled short).
 * The text ends at the first NUL and trailing spaces are dropped, which is how the model holds
 * these strings. Other bytes are kept one character per byte rather than rejected: a device's odd
 * serial number is still worth showing.
 */
export function readAsciiField(r: LeReader, length: number): string {
  const raw = r.bytesOf(length);
  const nul = raw.indexOf(0);
  const text = raw.subarray(0, nul === -1 ? raw.length : nul);
  let end = text.length;
  while (end > 0 && text[end - 1] === SPACE) end--;
  return String.fromCharCode(...text.subarray(0, end));
}

/**
 * Writes an INQUIRY-style field (CHANGER_PRODUCT_DATA, the drive identity of the _EX status):
 * printable ASCII, space padded, never NUL terminated — the bytes the device's INQUIRY data held.
 */
export function writeSpacePadded(w: LeWriter, text: string, length: number, field: string): void {
  const codes = asciiCodes(w, text, length, field);
  w.bytesOf(padded(codes, length, length));
}

/**
 * Writes a volume ID or template (PrimaryVolumeID[36], AlternateVolumeID[36], VolumeIDTemplate[40]).
 * Windows declares them UCHAR arrays and the sample miniclasses copy the device's SCSI volume tag into
 * them unchanged, so we write what such a copy holds: the text space padded to the 32-byte volume
 * identification, then zeros (reserved bytes and a volume sequence number of 0). An ID longer than
 * 32 characters runs on into those bytes, up to the Windows field size, and is NUL padded after.
 */
export function writeVolumeText(w: LeWriter, text: string, length: number, field: string): void {
  const codes = asciiCodes(w, text, length, field);
  w.bytesOf(padded(codes, Math.min(SCSI_VOLUME_IDENTIFICATION_LENGTH, length), length));
}

function asciiCodes(w: LeWriter, text: string, length: number, field: string): number[] {
  if (text.length > length) throw w.invalid(field, `${JSON.stringify(text)} is ${text.length} characters, the field holds ${length}`);
  const codes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < SPACE || c > TILDE) throw w.invalid(field, `${JSON.stringify(text)} has a character outside printable ASCII at ${i}`);
    codes.push(c);
  }
  return codes;
}

/** The text, spaces up to `spacesTo`, zeros up to `length`. */
function padded(codes: number[], spacesTo: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  out.set(codes);
  out.fill(SPACE, codes.length, Math.max(codes.length, spacesTo));
  return out;
}
