// What is written at the start of a tape, read from its first record (full inventory of
// cartridges without a barcode: mount, read one record, decide which pool it belongs to).
//
// ANSI X3.27 / ISO 1001 volume label VOL1, 80 bytes (zero-based): 0–3 "VOL1", 4–9 volume
// identifier, 10 accessibility, 11–23 reserved, 24–36 implementation identifier, 37–50 owner
// identifier, 51–78 reserved, 79 label standard version ('4' = X3.27-1987). IBM standard labels
// have the same first ten bytes in EBCDIC. Amanda writes a 32 KiB header block that begins
// "AMANDA: TAPESTART DATE <datestamp> TAPE <label>" followed by a newline and zero padding.
import { ChangerError } from '../shared/changerError.ts';

export type MediumLabel =
  | { readonly type: 'blank' }
  | { readonly type: 'ansi'; readonly volumeId: string }
  | { readonly type: 'amanda'; readonly label: string }
  | { readonly type: 'foreign' };

/** The first read of a tape: a data record, a filemark, or nothing ever written. */
export type FirstRecord = Uint8Array | 'end-of-data' | 'filemark';

export const VOLUME_LABEL_LENGTH = 80;
const VOLUME_ID_LENGTH = 6;
const OWNER_LENGTH = 14;
const OWNER_OFFSET = 37;
const LABEL_STANDARD_VERSION = '4';

const ASCII_VOL1 = [0x56, 0x4f, 0x4c, 0x31];
const EBCDIC_VOL1 = [0xe5, 0xd6, 0xd3, 0xf1];
const AMANDA_HEADER = /^AMANDA: TAPESTART DATE (\S+) TAPE (\S+)/;

/** Never throws: any bytes are either a label we know or someone else's data. */
export function recognizeLabel(first: FirstRecord): MediumLabel {
  if (first === 'end-of-data') return { type: 'blank' };
  // A tape that starts with a filemark was written by something (an empty first file).
  if (first === 'filemark') return { type: 'foreign' };
  return recognizeVol1(first) ?? recognizeAmanda(first) ?? { type: 'foreign' };
}

function recognizeVol1(record: Uint8Array): MediumLabel | undefined {
  // A VOL1 record is 80 bytes; a longer one may come from a drive in fixed-block mode padding it.
  if (record.length < VOLUME_LABEL_LENGTH) return undefined;
  const field = record.subarray(4, 4 + VOLUME_ID_LENGTH);
  let volumeId: string | undefined;
  if (startsWith(record, ASCII_VOL1)) volumeId = asciiText(field);
  else if (startsWith(record, EBCDIC_VOL1)) volumeId = ebcdicText(field);
  if (volumeId === undefined) return undefined;
  const trimmed = volumeId.replace(/ +$/, '');
  return trimmed === '' ? undefined : { type: 'ansi', volumeId: trimmed };
}

function recognizeAmanda(record: Uint8Array): MediumLabel | undefined {
  const line = latin1(record.subarray(0, Math.min(record.length, 512))).split(/[\n\0]/, 1)[0] ?? '';
  const match = AMANDA_HEADER.exec(line);
  return match === null ? undefined : { type: 'amanda', label: match[2] as string };
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** Printable ASCII only; anything else means the record is not a label. */
function asciiText(bytes: Uint8Array): string | undefined {
  let text = '';
  for (const b of bytes) {
    if (b < 0x20 || b > 0x7e) return undefined;
    text += String.fromCharCode(b);
  }
  return text;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** The EBCDIC characters an IBM volume serial uses: letters, digits, space and a few specials. */
const EBCDIC: ReadonlyMap<number, string> = new Map<number, string>([
  [0x40, ' '], [0x4b, '.'], [0x5b, '$'], [0x60, '-'], [0x61, '/'], [0x6d, '_'], [0x7b, '#'], [0x7c, '@'],
  ...range(0xc1, 'ABCDEFGHI'), ...range(0xd1, 'JKLMNOPQR'), ...range(0xe2, 'STUVWXYZ'), ...range(0xf0, '0123456789'),
]);

function range(first: number, letters: string): [number, string][] {
  return [...letters].map((c, i) => [first + i, c]);
}

function ebcdicText(bytes: Uint8Array): string | undefined {
  let text = '';
  for (const b of bytes) {
    const c = EBCDIC.get(b);
    if (c === undefined) return undefined;
    text += c;
  }
  return text;
}

/** ANSI "a-characters": what a volume identifier and owner may hold. */
const A_CHARACTERS = /^[A-Z0-9 !"%&'()*+,\-./:;<=>?_]*$/;

/**
 * The 80-byte VOL1 record labelling software writes as a tape's first record (then a filemark).
 * The volume identifier is 1–6 a-characters (upper case), usually the barcode's first six.
 */
export function ansiVolumeLabel(volumeId: string, owner = ''): Uint8Array {
  if (volumeId.length < 1 || volumeId.length > VOLUME_ID_LENGTH || !A_CHARACTERS.test(volumeId) || volumeId.trim() !== volumeId) {
    throw new ChangerError('INVALID_PARAMETER', `volume identifier '${volumeId}' must be 1–${VOLUME_ID_LENGTH} characters of A–Z, 0–9 and ANSI punctuation, not starting or ending with a space`);
  }
  if (owner.length > OWNER_LENGTH || !A_CHARACTERS.test(owner)) {
    throw new ChangerError('INVALID_PARAMETER', `owner '${owner}' must be at most ${OWNER_LENGTH} characters of A–Z, 0–9 and ANSI punctuation`);
  }
  const record = Buffer.alloc(VOLUME_LABEL_LENGTH, 0x20);
  record.write('VOL1', 0, 'ascii');
  record.write(volumeId, 4, 'ascii');
  record.write(owner, OWNER_OFFSET, 'ascii');
  record.write(LABEL_STANDARD_VERSION, VOLUME_LABEL_LENGTH - 1, 'ascii');
  return new Uint8Array(record.buffer, record.byteOffset, record.byteLength);
}
