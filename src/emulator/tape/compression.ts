/**
 * The drive's data compression (page 0Fh DCE), really applied so the room a cartridge has left
 * depends on what was written, as on LTO: raw DEFLATE at its fastest level. Like an LTO drive's
 * SLDC falling back to pass-through, a record whose first few KiB look random (byte entropy near
 * 8 bits) is stored as it came, so already-compressed or encrypted backups cost a histogram of
 * 4 KiB, not a deflate (a zlib call costs ~0.1 ms to set up, more than the whole record's write).
 */
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';

/** Bytes tried before deciding whether a record is worth compressing. */
const SAMPLE_BYTES = 4096;
/** Bits per byte above which the sample is taken for incompressible. */
const RANDOM_ENTROPY = 7.2;
/** Records this short are stored raw: a header costs more than they could save. */
const SMALLEST = 64;

const OPTIONS = { level: constants.Z_BEST_SPEED };

export interface StoredPayload {
  readonly bytes: Uint8Array;
  readonly deflated: boolean;
}

/** Whether data starting like `sample` is worth deflating (not random-looking): one check for a whole WRITE. */
export function looksCompressible(data: Uint8Array): boolean {
  return entropy(data.subarray(0, SAMPLE_BYTES)) <= RANDOM_ENTROPY;
}

export function compressRecord(record: Uint8Array): StoredPayload {
  if (record.length < SMALLEST) return { bytes: record, deflated: false };
  if (entropy(record.subarray(0, SAMPLE_BYTES)) > RANDOM_ENTROPY) return { bytes: record, deflated: false };
  const deflated = deflateRawSync(record, OPTIONS);
  return deflated.length < record.length ? { bytes: deflated, deflated: true } : { bytes: record, deflated: false };
}

/** Throws (zlib's error) when the stored bytes are not what was written: the caller reports MEDIUM ERROR. */
export function decompressRecord(stored: Uint8Array, hostLength: number): Uint8Array {
  const record = inflateRawSync(stored, { maxOutputLength: Math.max(hostLength, 1) });
  if (record.length !== hostLength) throw new RangeError(`record inflated to ${record.length} bytes, expected ${hostLength}`);
  return record;
}

const counts = new Uint32Array(256);

/**
 * p·log2 p of a byte value seen `count` times in a whole sample, by count: the terms entropy()
 * adds, computed once (a Math.log2 per byte value cost as much as the histogram itself).
 */
const WHOLE_SAMPLE_TERMS = Float64Array.from({ length: SAMPLE_BYTES + 1 }, (_, count) => {
  const p = count / SAMPLE_BYTES;
  return count === 0 ? 0 : p * Math.log2(p);
});

/** Shannon entropy of the bytes, in bits per byte (8: no byte value more likely than another). */
function entropy(sample: Uint8Array): number {
  counts.fill(0);
  const length = sample.length;
  for (let i = 0; i < length; i++) counts[sample[i] as number] = (counts[sample[i] as number] as number) + 1;
  const terms = length === SAMPLE_BYTES ? WHOLE_SAMPLE_TERMS : undefined;
  let bits = 0;
  for (let b = 0; b < 256; b++) {
    const count = counts[b] as number;
    if (count === 0) continue;
    if (terms !== undefined) {
      bits -= terms[count] as number;
      continue;
    }
    const p = count / length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
