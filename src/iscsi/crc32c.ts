import { endianness } from 'node:os';

/**
 * CRC32C (Castagnoli), the iSCSI header and data digest (RFC 7143 §13.1, RFC 3385). Reflected
 * polynomial 0x82F63B78, initial value and final XOR all ones.
 *
 * Slicing-by-16: sixteen 256-entry tables, table k giving the CRC of a byte followed by k zero
 * bytes, so one step folds 16 input bytes with 16 independent lookups instead of 16 dependent
 * ones. The byte-at-a-time loop ran at 200–300 MB/s here, which a 256 KiB tape block with DataDigest
 * would have felt; this one runs 4–6× faster on the same core (1.4–1.5 GB/s with the core to
 * itself; `npm run bench` prints both side by side). The 16 bytes are read as four
 * 32-bit words through an Int32Array view when the host is little-endian (every Node platform in
 * practice), else assembled from bytes; inputs shorter than a few steps (every header) skip the
 * view and take the byte loop.
 */

const REFLECTED_POLYNOMIAL = 0x82f63b78;
const SLICES = 16;

/** TABLES[k * 256 + b]: the CRC register after byte b followed by k zero bytes. */
const TABLES: Int32Array = (() => {
  const tables = new Int32Array(SLICES * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ REFLECTED_POLYNOMIAL : c >>> 1;
    tables[n] = c;
  }
  for (let k = 1; k < SLICES; k++) {
    for (let n = 0; n < 256; n++) {
      const previous = tables[(k - 1) * 256 + n] as number;
      tables[k * 256 + n] = (previous >>> 8) ^ (tables[previous & 0xff] as number);
    }
  }
  return tables;
})();

const LITTLE_ENDIAN = endianness() === 'LE';
/** Below this many bytes the word view costs more than it saves. */
const WORD_PATH_MINIMUM = 64;

/** Continues a CRC over more bytes; pass the previous result as `crc` to digest non-contiguous parts. */
export function crc32c(bytes: Uint8Array, crc = 0): number {
  const c = ~crc | 0;
  const result = LITTLE_ENDIAN && bytes.length >= WORD_PATH_MINIMUM ? sliceWords(bytes, c) : sliceBytes(bytes, c);
  return ~result >>> 0;
}

/** The same CRC without the word view: what a big-endian host runs (exported for its tests). */
export function crc32cPortable(bytes: Uint8Array, crc = 0): number {
  return ~sliceBytes(bytes, ~crc | 0) >>> 0;
}

function byteLoop(bytes: Uint8Array, c: number, from: number, to: number): number {
  const t = TABLES;
  for (let i = from; i < to; i++) c = (t[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  return c;
}

/** One slicing-by-16 step over four little-endian words a, b, d, e (the register already folded into a). */
function fold(a: number, b: number, d: number, e: number): number {
  const t = TABLES;
  return (t[3840 + (a & 0xff)] as number) ^ (t[3584 + ((a >>> 8) & 0xff)] as number) ^ (t[3328 + ((a >>> 16) & 0xff)] as number) ^ (t[3072 + (a >>> 24)] as number)
    ^ (t[2816 + (b & 0xff)] as number) ^ (t[2560 + ((b >>> 8) & 0xff)] as number) ^ (t[2304 + ((b >>> 16) & 0xff)] as number) ^ (t[2048 + (b >>> 24)] as number)
    ^ (t[1792 + (d & 0xff)] as number) ^ (t[1536 + ((d >>> 8) & 0xff)] as number) ^ (t[1280 + ((d >>> 16) & 0xff)] as number) ^ (t[1024 + (d >>> 24)] as number)
    ^ (t[768 + (e & 0xff)] as number) ^ (t[512 + ((e >>> 8) & 0xff)] as number) ^ (t[256 + ((e >>> 16) & 0xff)] as number) ^ (t[e >>> 24] as number);
}

/** Words read through an aligned Int32Array view (little-endian host). */
function sliceWords(bytes: Uint8Array, c: number): number {
  const length = bytes.length;
  // Bytes up to the first 4-byte boundary of the underlying buffer, so the view is aligned.
  const head = Math.min(length, (4 - (bytes.byteOffset & 3)) & 3);
  c = byteLoop(bytes, c, 0, head);
  const steps = (length - head) >>> 4;
  const words = new Int32Array(bytes.buffer, bytes.byteOffset + head, steps * 4);
  for (let w = 0; w < words.length; w += 4) {
    c = fold(c ^ (words[w] as number), words[w + 1] as number, words[w + 2] as number, words[w + 3] as number);
  }
  return byteLoop(bytes, c, head + steps * 16, length);
}

function word(bytes: Uint8Array, i: number): number {
  return (bytes[i] as number) | ((bytes[i + 1] as number) << 8) | ((bytes[i + 2] as number) << 16) | ((bytes[i + 3] as number) << 24);
}

/** Words assembled from bytes: any alignment, any host. */
function sliceBytes(bytes: Uint8Array, c: number): number {
  const end = bytes.length - (bytes.length & 15);
  let i = 0;
  for (; i < end; i += 16) c = fold(c ^ word(bytes, i), word(bytes, i + 4), word(bytes, i + 8), word(bytes, i + 12));
  return byteLoop(bytes, c, i, bytes.length);
}

/**
 * The four digest bytes as they travel: least significant byte first (RFC 3720 appendix B.4 shows
 * the digest of 32 zero bytes, 0x8A9136AA, on the wire as aa 36 91 8a).
 */
export function digestBytes(crc: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(crc >>> 0, 0);
  return out;
}

export function readDigest(bytes: Uint8Array, offset: number): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32LE(offset);
}
