/**
 * Where a partition's payloads live: in memory (libraries without a directory) or in the
 * partition's file. The partition (tapePartition.ts) decides what is written where; a storage only
 * keeps bytes, and says in its errors whether the host disk was full or the file is damaged.
 */

export type StorageFailure = 'disk-full' | 'write-failed' | 'read-failed';

export class TapeStorageError extends Error {
  override readonly name = 'TapeStorageError';
  readonly failure: StorageFailure;
  /**
   * The failure is of an earlier, acknowledged write that the storage made behind the drive's
   * answer (tapeIoThread.ts), not of the call that reports it: a deferred error for the host.
   */
  readonly deferred: boolean;

  constructor(failure: StorageFailure, message: string, options?: { cause?: unknown; deferred?: boolean }) {
    super(message, options);
    this.failure = failure;
    this.deferred = options?.deferred ?? false;
  }
}

/** Objects from `firstObject` on were acknowledged but never reached the file: the tape ends before them. */
export type WriteLostListener = (firstObject: number) => void;

/** Stored bytes lent without a copy: unchanged until `release` is called (once; later calls do nothing). */
export interface LentBytes {
  readonly bytes: Uint8Array;
  readonly release: () => void;
}

const NOTHING_TO_RELEASE = (): void => undefined;

/** A record ready for the storage: its host length and what is stored of it. */
export interface StoredRecord {
  readonly hostLength: number;
  readonly payload: Uint8Array;
  readonly deflated: boolean;
}

export interface RecordStorage {
  /** Bytes this storage takes on the host disk (0 in memory): what the library's quota counts. */
  readonly diskBytes: number;
  /** Told before a deferred TapeStorageError is thrown (the partition cuts its index there). */
  onWriteLost(listener: WriteLostListener): void;
  /** Appends objects `first`… (the first entry at file `offset`): records' stored payloads, all or none. */
  appendRecords(first: number, offset: number, records: readonly StoredRecord[]): void;
  appendFilemarks(first: number, offset: number, count: number): void;
  /** The stored payload of object `i` (at file `payloadOffset`, `storedLength` bytes). */
  read(i: number, payloadOffset: number, storedLength: number): Uint8Array;
  /** The same, straight into `target` at `at` (fixed-mode reads fill one buffer). */
  readInto(i: number, payloadOffset: number, storedLength: number, target: Uint8Array, at: number): void;
  /**
   * The stored payload of object `i` lent without a copy, unchanged until its `release` is called;
   * undefined when this storage has no such bytes at hand (the caller then copies with readInto).
   */
  lend(i: number, payloadOffset: number, storedLength: number): LentBytes | undefined;
  /** Everything from object `i` (entry at file `offset`) on is gone. */
  truncate(i: number, offset: number): void;
  /** What was appended is in the file (not yet on stable storage) when this returns. */
  drain(): void;
  /** What was appended is on stable storage when this returns. */
  sync(): void;
  /** The same without holding up the process (fsync on the thread pool): what WRITE FILEMARKS waits for. */
  flush(): Promise<void>;
  close(): void;
}

/** A partition kept in memory: each stored payload by object number. */
export class MemoryRecordStorage implements RecordStorage {
  readonly diskBytes = 0;
  #payloads: (Uint8Array | undefined)[] = [];

  /** Every write is made before the call returns: nothing is ever lost later. */
  onWriteLost(): void {}

  appendRecords(first: number, _offset: number, records: readonly StoredRecord[]): void {
    // The initiator's buffer may be reused once the command ends: keep a copy.
    records.forEach((r, k) => (this.#payloads[first + k] = Uint8Array.prototype.slice.call(r.payload)));
  }

  appendFilemarks(first: number, _offset: number, count: number): void {
    for (let i = first; i < first + count; i++) this.#payloads[i] = undefined;
  }

  read(i: number): Uint8Array {
    const payload = this.#payloads[i];
    if (payload === undefined) throw new TapeStorageError('read-failed', `object ${i} has no payload`);
    return payload;
  }

  readInto(i: number, _payloadOffset: number, _storedLength: number, target: Uint8Array, at: number): void {
    target.set(this.read(i), at);
  }

  /** A payload kept here is never changed in place (a rewrite stores a new one): nothing to give back. */
  lend(i: number): LentBytes | undefined {
    const bytes = this.#payloads[i];
    return bytes === undefined ? undefined : { bytes, release: NOTHING_TO_RELEASE };
  }

  truncate(i: number): void {
    this.#payloads.length = Math.min(this.#payloads.length, i);
  }

  drain(): void {}

  sync(): void {}

  flush(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {
    this.#payloads = [];
  }
}
