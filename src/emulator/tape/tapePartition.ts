/**
 * One partition of a cartridge's tape: its logical objects (records and filemarks) from the
 * beginning of the partition to end of data, as an index (tapeIndex.ts) over a storage (memory or
 * file). Tape semantics: appending at object i first cuts everything from i on. Compression is the
 * partition's (the drive says whether), so the index knows stored and host sizes of every record.
 */
import { decompressRecord } from './compression.ts';
import type { DiskQuota } from './diskQuota.ts';
import { FILE_HEADER_LENGTH, RECORD_HEADER_LENGTH } from './recordFormat.ts';
import { TapeStorageError, type LentBytes, type RecordStorage, type StoredRecord } from './recordStorage.ts';
import { TapeIndex } from './tapeIndex.ts';

/** A write the library's disk budget has no room for (end of medium for the host). */
export class QuotaExhausted extends Error {
  override readonly name = 'QuotaExhausted';
}

export class TapePartition {
  readonly number: number;
  readonly index: TapeIndex;
  /** Bytes of this partition: where its physical end is. */
  capacityBytes: number;
  readonly #storage: RecordStorage;
  readonly #quota: DiskQuota;
  /**
   * What lies after end of data could not be read back when the file was loaded (a damaged file,
   * not a torn tail): READ or SPACE reaching end of data meet MEDIUM ERROR, not BLANK CHECK.
   */
  #damaged: boolean;
  /** The storage's disk bytes the quota has been told of. */
  #countedDiskBytes: number;

  constructor(options: { number: number; index: TapeIndex; storage: RecordStorage; quota: DiskQuota; capacityBytes: number; damaged?: boolean }) {
    this.number = options.number;
    this.index = options.index;
    this.#storage = options.storage;
    this.#quota = options.quota;
    this.capacityBytes = options.capacityBytes;
    this.#damaged = options.damaged ?? false;
    this.#countedDiskBytes = options.storage.diskBytes;
    // A write made behind the drive's answer failed: the tape ends where the loss began.
    options.storage.onWriteLost((first) => {
      this.index.truncate(Math.min(first, this.index.count));
      this.#count();
    });
  }

  /** Objects to end of data: the position of end of data. */
  get objects(): number {
    return this.index.count;
  }

  get damaged(): boolean {
    return this.#damaged;
  }

  /** Room used from the beginning to object `at` (default: end of data), compressed size. */
  usedBytes(at: number = this.index.count): number {
    return this.index.storedBefore(at);
  }

  get hostBytes(): number {
    return this.index.hostBefore(this.index.count);
  }

  get diskBytes(): number {
    return this.#storage.diskBytes;
  }

  /** The record at `i` as the host wrote it. Throws TapeStorageError('read-failed') for unreadable bytes. */
  read(i: number): Uint8Array {
    const index = this.index;
    const stored = this.#storage.read(i, this.#offset(i) + RECORD_HEADER_LENGTH, index.storedLength(i));
    if (!index.isCompressed(i)) return stored;
    try {
      return decompressRecord(stored, index.lengthAt(i));
    } catch (cause) {
      throw new TapeStorageError('read-failed', `object ${i} does not decompress: ${(cause as Error).message}`, { cause });
    }
  }

  /** The record at `i` into `target` at `at` (one copy fewer than read() for uncompressed records). */
  readInto(i: number, target: Uint8Array, at: number): void {
    if (this.index.isCompressed(i)) {
      target.set(this.read(i), at);
      return;
    }
    this.#storage.readInto(i, this.#offset(i) + RECORD_HEADER_LENGTH, this.index.storedLength(i), target, at);
  }

  /** The record at `i` lent without a copy (lend of RecordStorage); undefined when it must be copied (compressed, or not at hand). */
  lend(i: number): LentBytes | undefined {
    if (this.index.isCompressed(i)) return undefined;
    return this.#storage.lend(i, this.#offset(i) + RECORD_HEADER_LENGTH, this.index.storedLength(i));
  }

  /** End of data at `i`: everything from `i` on is gone (also clears damage found there). */
  truncate(i: number): void {
    if (i >= this.index.count && !this.#damaged) return;
    try {
      this.#storage.truncate(i, this.#offset(i));
    } finally {
      this.#count();
    }
    this.index.truncate(i);
    this.#damaged = false;
  }

  /** Appends a record at end of data as it is (migrated and initial tapes: WRITE compresses and uses appendStored). */
  appendRecord(record: Uint8Array): void {
    this.appendStored([{ hostLength: record.length, payload: record, deflated: false }]);
  }

  /** Appends records already compressed (or not) by the caller, who checked the room: all of them, or none. */
  appendStored(records: readonly StoredRecord[]): void {
    let bytes = 0;
    for (const r of records) bytes += RECORD_HEADER_LENGTH + r.payload.length;
    this.#reserve(bytes);
    const i = this.index.count;
    try {
      this.#storage.appendRecords(i, this.#offset(i), records);
    } finally {
      this.#count();
    }
    for (const r of records) this.index.appendRecord(r.hostLength, r.payload.length, r.deflated);
  }

  appendFilemarks(count: number): void {
    this.#reserve(RECORD_HEADER_LENGTH * count);
    const i = this.index.count;
    try {
      this.#storage.appendFilemarks(i, this.#offset(i), count);
    } finally {
      this.#count();
    }
    for (let k = 0; k < count; k++) this.index.appendFilemark();
  }

  /** Everything appended is in the file when this returns (a drive in unbuffered mode). */
  drain(): void {
    this.#storage.drain();
  }

  /** Everything appended is on stable storage when this returns. */
  sync(): void {
    this.#storage.sync();
  }

  /** The same, without holding up the process while the disk catches up. */
  flush(): Promise<void> {
    return this.#storage.flush();
  }

  close(): void {
    this.#storage.close();
  }

  /** Tells the library's quota how the storage's disk bytes changed since it last heard. */
  #count(): void {
    const now = this.#storage.diskBytes;
    this.#quota.add(now - this.#countedDiskBytes);
    this.#countedDiskBytes = now;
  }

  #reserve(bytes: number): void {
    // Only bytes on the host disk count; an in-memory tape costs the budget nothing.
    if (this.#storage.diskBytes > 0 && !this.#quota.allows(bytes)) throw new QuotaExhausted(`the library's tape quota has no room for ${bytes} more bytes`);
  }

  /** File offset of object i's entry (the layout of recordFormat.ts). */
  #offset(i: number): number {
    return FILE_HEADER_LENGTH + i * RECORD_HEADER_LENGTH + this.index.storedBefore(i);
  }
}
