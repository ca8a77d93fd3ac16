/**
 * The drive's data compression (page 0Fh DCE), really applied so the room a cartridge has left
 * depends on what was written, as on LTO: raw DEFLATE at its fastest level. Like an LTO drive's
 * SLDC falling back to pass-through, a record whose first few KiB do not shrink is stored as it
 * came, so already-compressed or encrypted backups cost one small trial, not a full pass.
 */
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';

/** Bytes tried before deciding whether a record is worth compressing. */
const SAMPLE_BYTES = 4096;
/** The sample must shrink to this share of its size (else the record is stored raw). */
const WORTHWHILE = 0.9;
/** Records this short are stored raw: a header costs more than they could save. */
const SMALLEST = 64;

const OPTIONS = { level: constants.Z_BEST_SPEED };

export interface StoredPayload {
  readonly bytes: Uint8Array;
  readonly deflated: boolean;
}

export function compressRecord(record: Uint8Array): StoredPayload {
  if (record.length < SMALLEST) return { bytes: record, deflated: false };
  if (record.length > SAMPLE_BYTES) {
    const sample = deflateRawSync(record.subarray(0, SAMPLE_BYTES), OPTIONS);
    if (sample.length > SAMPLE_BYTES * WORTHWHILE) return { bytes: record, deflated: false };
  }
  const deflated = deflateRawSync(record, OPTIONS);
  return deflated.length < record.length ? { bytes: deflated, deflated: true } : { bytes: record, deflated: false };
}

/** Throws (zlib's error) when the stored bytes are not what was written: the caller reports MEDIUM ERROR. */
export function decompressRecord(stored: Uint8Array, hostLength: number): Uint8Array {
  const record = inflateRawSync(stored, { maxOutputLength: Math.max(hostLength, 1) });
  if (record.length !== hostLength) throw new RangeError(`record inflated to ${record.length} bytes, expected ${hostLength}`);
  return record;
}
