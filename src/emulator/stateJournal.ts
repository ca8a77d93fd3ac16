/**
 * The state journal's framing: library-state.journal holds records appended one per save, each
 * `[payload length: u32 LE][CRC32C of the payload: u32 LE][payload: UTF-8 JSON]`. The first record
 * names the snapshot it continues; every later one is a change set (stateChanges.ts).
 *
 * Reading tells two kinds of damage apart, the way a write-ahead log does: a crash in the middle
 * of an append leaves a torn LAST record (cut short, or unchecked bytes at the very end, or a tail
 * of zeros a power loss can leave), which is cut and the state before it used; a record that fails
 * its check with good records after it is damage no crash explains, and the library is refused.
 */
import { crc32c } from '../iscsi/crc32c.ts';
import { EmulatorError } from './emulatorError.ts';

export const JOURNAL_FILE_NAME = 'library-state.journal';
export const JOURNAL_FORMAT = 'changer-virtual-library-journal';
export const JOURNAL_VERSION = 1;

const FRAME_HEADER_BYTES = 8;
/** No change set comes near this; a larger length is garbage (or the start of a torn record). */
const RECORD_MAX_BYTES = 64 * 1024 * 1024;

export function frameRecord(payload: string): Buffer {
  const length = Buffer.byteLength(payload, 'utf8');
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + length);
  frame.write(payload, FRAME_HEADER_BYTES, 'utf8');
  frame.writeUInt32LE(length, 0);
  frame.writeUInt32LE(crc32c(frame.subarray(FRAME_HEADER_BYTES)), 4);
  return frame;
}

export function journalHeader(snapshotId: string): string {
  return JSON.stringify({ format: JOURNAL_FORMAT, version: JOURNAL_VERSION, snapshot: snapshotId });
}

export interface JournalScan {
  /** The snapshot the journal continues (its header record), or null for a journal without one. */
  readonly snapshotId: string | null;
  /** Change-set payloads, in the order they were appended. */
  readonly changes: readonly string[];
  /** Bytes of whole, checked records (header included); appends continue here. */
  readonly goodLength: number;
  /** Bytes of a torn last record cut off (0 when the journal ended cleanly). */
  readonly tornBytes: number;
}

function allZero(bytes: Buffer, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

function corrupt(path: string, detail: string): EmulatorError {
  return new EmulatorError(
    'STATE_CORRUPT',
    `Virtual library journal ${path} is corrupt: ${detail}. The library was not opened and the files were left as they are. ` +
      'Restore the library directory from a backup, or move the journal aside to open the library as of its last compaction (the moves recorded since would be forgotten).',
  );
}

/** Reads a journal's bytes. Throws STATE_CORRUPT for damage other than a torn last record. */
export function scanJournal(bytes: Buffer, path: string): JournalScan {
  const payloads: string[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const remaining = bytes.length - offset;
    if (remaining < FRAME_HEADER_BYTES) break; // torn inside the frame header
    const length = bytes.readUInt32LE(offset);
    const end = offset + FRAME_HEADER_BYTES + length;
    if (length > RECORD_MAX_BYTES || end > bytes.length) break; // torn: the record runs past the end
    const payload = bytes.subarray(offset + FRAME_HEADER_BYTES, end);
    if (length === 0 || crc32c(payload) !== bytes.readUInt32LE(offset + 4)) {
      if (end === bytes.length || allZero(bytes, offset)) break; // torn last record
      throw corrupt(path, `record ${payloads.length + 1} (at byte ${offset}) fails its checksum and ${bytes.length - end} bytes of records follow it`);
    }
    payloads.push(payload.toString('utf8'));
    offset = end;
  }
  const [header, ...changes] = payloads;
  return { snapshotId: header === undefined ? null : headerSnapshotId(header, path), changes, goodLength: offset, tornBytes: bytes.length - offset };
}

function headerSnapshotId(header: string, path: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    throw corrupt(path, 'its first record is not the journal header');
  }
  const o = parsed as { format?: unknown; version?: unknown; snapshot?: unknown };
  if (typeof parsed !== 'object' || parsed === null || o.format !== JOURNAL_FORMAT || typeof o.snapshot !== 'string') throw corrupt(path, 'its first record is not the journal header');
  if (o.version !== JOURNAL_VERSION) {
    throw new EmulatorError('STATE_VERSION', `Virtual library journal ${path} has format version ${JSON.stringify(o.version)}; this emulator reads version ${JOURNAL_VERSION} only. Open it with the emulator version that wrote it.`);
  }
  return o.snapshot;
}
