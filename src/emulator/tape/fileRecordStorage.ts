/**
 * A partition in its own file (recordFormat.ts). Appends are made by the process's I/O thread
 * behind the drive's answer (tapeIoThread.ts) while the host disk has room to spare; near a full
 * disk, and for appends larger than the ring, they go straight to the file with one positional
 * writev per record (header + payload), so the write that does not fit is refused at once. No
 * fsync per write: sync() — WRITE FILEMARKS and the flush of WRITE FILEMARKS 0 — drains the ring
 * and is the one fsync, so everything acknowledged before the last filemark survives a crash of
 * the machine or a kill of the process.
 * Reads are positional reads of exactly the stored payload, except while the host reads on in
 * tape order: then the file is read ahead in chunks (readAhead.ts; the next one on the I/O thread)
 * and the records in them are views (read) or copied out of them (readInto).
 */
import { closeSync, fchmodSync, fstatSync, fsync, fsyncSync, ftruncateSync, openSync, readSync, statfsSync, writevSync } from 'node:fs';
import { dirname } from 'node:path';
import { FILE_HEADER_LENGTH, RECORD_HEADER_LENGTH, buildEntryHeader, buildFileHeader, fileHeaderCapacity, isFileHeader, parseEntryHeader } from './recordFormat.ts';
import { TapeStorageError, type LentBytes, type RecordStorage, type StoredRecord, type WriteLostListener } from './recordStorage.ts';
import type { TapeIndex } from './tapeIndex.ts';
import { copyBytes } from './copyBytes.ts';
import { ReadAhead } from './readAhead.ts';
import { TapeIoQueue } from './tapeIoThread.ts';

/** What loading found: the index is filled with every whole entry; `damaged`: bytes after them are not entries. */
export interface LoadedPartition {
  readonly storage: FileRecordStorage;
  readonly damaged: boolean;
  /** Bytes of a torn last entry that were cut off. */
  readonly tornBytes: number;
  /** The partition capacity its header records (0: the whole cartridge). */
  readonly capacityBytes: number;
}

/** Tape files are read and written by the library's own user only. */
const TAPE_FILE_MODE = 0o600;
/** Buffers given to one writev (IOV_MAX is 1024 on Linux). */
const IOVECS_PER_WRITE = 1024;
/** Filemark headers written by one writev (a count of millions is written in steps). */
const FILEMARKS_PER_WRITE = IOVECS_PER_WRITE;
/**
 * Free host disk that write-behind leaves alone: below it every append is written before the drive
 * answers, so a full disk refuses the very write that does not fit and loses nothing acknowledged.
 * Far more than all rings of a library together (tapeIoThread.ts RING_BYTES each).
 */
const WRITE_BEHIND_HEADROOM_BYTES = 1024 ** 3;
/** Bytes appended behind between two looks at the host disk's free space. */
const WRITE_BEHIND_RECHECK_BYTES = 64 * 1024 ** 2;

export interface FileStorageOptions {
  /** Let the I/O thread make appends behind the drive's answer (tapeIoThread.ts). */
  readonly writeBehind?: boolean;
}

export class FileRecordStorage implements RecordStorage {
  readonly path: string;
  #fd: number;
  #size: number;
  /** The file header itself is damaged: rewritten when the tape is written from its beginning. */
  #header: Buffer | undefined;
  /**
   * A failed write could not be cut off again: bytes after #size are not entries. They are cut
   * before anything else is written there (or the write is refused) and when the file is closed.
   */
  #dirtyTail = false;
  readonly #ahead: ReadAhead;
  /** The object read() or readInto() is reading (what a failed read-ahead names). */
  #reading = 0;
  /** Appends may be made behind the drive's answer (the ring is made with the first one). */
  #writeBehind: boolean;
  /** The I/O thread's ring for this file; undefined: none yet, or every append is written by the caller. */
  #behind: TapeIoQueue | undefined;
  /** The file may grow to this size behind the drive's answer before the disk's free space is looked at again. */
  #behindLimit = 0;
  #onWriteLost: WriteLostListener | undefined;

  private constructor(path: string, fd: number, size: number, options: FileStorageOptions, header?: Buffer) {
    this.path = path;
    this.#fd = fd;
    this.#size = size;
    this.#header = header;
    this.#writeBehind = options.writeBehind === true;
    // The I/O thread reads the next chunk ahead while this thread serves the current one.
    this.#ahead = new ReadAhead(() => this.#size, { shared: this.#writeBehind, prefetcher: () => (this.#writeBehind && this.#fd >= 0 ? this.#queue() : undefined) });
  }

  /** The I/O thread's queue for this file, made with the first append or read-ahead. */
  #queue(): TapeIoQueue {
    return (this.#behind ??= new TapeIoQueue(this.#fd));
  }

  onWriteLost(listener: WriteLostListener): void {
    this.#onWriteLost = listener;
  }

  get diskBytes(): number {
    return this.#size;
  }

  /**
   * Opens (creating) the partition file and fills `index` with its entries. A torn tail — an
   * entry whose header or payload runs past the end of the file — is cut off; an entry whose
   * header does not check out is damage: loading stops there and leaves the bytes as they are.
   */
  static open(path: string, partition: number, index: TapeIndex, newCapacityBytes: number, options: FileStorageOptions = {}): LoadedPartition {
    const fd = openSync(path, 'a+', TAPE_FILE_MODE);
    closeSync(fd);
    const file = openSync(path, 'r+');
    const stat = fstatSync(file);
    let size = stat.size;
    // What hosts wrote is theirs: a file made before tape files were private is made so now.
    if ((stat.mode & 0o777) !== TAPE_FILE_MODE) tighten(() => fchmodSync(file, TAPE_FILE_MODE));
    if (size < FILE_HEADER_LENGTH) {
      // A file cut before its header was complete holds no entries: start it again.
      writeAll(file, [buildFileHeader(partition, newCapacityBytes)], 0);
      ftruncateSync(file, FILE_HEADER_LENGTH);
      fsyncSync(file);
      return { storage: new FileRecordStorage(path, file, FILE_HEADER_LENGTH, options), damaged: false, tornBytes: size, capacityBytes: newCapacityBytes };
    }
    const fileHeader = Buffer.alloc(FILE_HEADER_LENGTH);
    readSync(file, fileHeader, 0, FILE_HEADER_LENGTH, 0);
    if (!isFileHeader(fileHeader, partition)) {
      const storage = new FileRecordStorage(path, file, size, options, buildFileHeader(partition, newCapacityBytes));
      return { storage, damaged: true, tornBytes: 0, capacityBytes: newCapacityBytes };
    }
    const { end, damaged } = scan(file, size, index);
    const tornBytes = damaged ? 0 : size - end;
    if (tornBytes > 0) {
      ftruncateSync(file, end);
      fsyncSync(file);
      size = end;
    }
    return { storage: new FileRecordStorage(path, file, size, options), damaged, tornBytes, capacityBytes: fileHeaderCapacity(fileHeader) };
  }

  /** One writev per IOV_MAX/2 records (header + payload each): a fixed-mode WRITE of many small blocks is a few syscalls. */
  appendRecords(first: number, offset: number, records: readonly StoredRecord[]): void {
    const buffers: Uint8Array[] = [];
    let length = 0;
    for (const r of records) {
      buffers.push(buildEntryHeader({ filemark: false, deflated: r.deflated, hostLength: r.hostLength, storedLength: r.payload.length }), r.payload);
      length += RECORD_HEADER_LENGTH + r.payload.length;
    }
    if (this.#appendBehind(buffers, length, offset, first)) return;
    let at = offset;
    try {
      for (let k = 0; k < buffers.length; k += IOVECS_PER_WRITE) {
        const chunk = buffers.slice(k, k + IOVECS_PER_WRITE);
        this.#write(chunk, at);
        for (const b of chunk) at += b.length;
      }
    } catch (error) {
      // All or none: chunks already written go too.
      this.#rollBack(offset);
      throw error;
    }
  }

  appendFilemarks(first: number, offset: number, count: number): void {
    const header = buildEntryHeader({ filemark: true, deflated: false, hostLength: 0, storedLength: 0 });
    if (count <= FILEMARKS_PER_WRITE && this.#appendBehind(new Array<Uint8Array>(count).fill(header), count * RECORD_HEADER_LENGTH, offset, first)) return;
    let at = offset;
    try {
      for (let left = count; left > 0; ) {
        const step = Math.min(left, FILEMARKS_PER_WRITE);
        this.#write(new Array<Uint8Array>(step).fill(header), at);
        at += step * RECORD_HEADER_LENGTH;
        left -= step;
      }
    } catch (error) {
      // All or none, as for records: filemarks the index never gets would read back after a restart.
      this.#rollBack(offset);
      throw error;
    }
  }

  read(i: number, payloadOffset: number, storedLength: number): Uint8Array {
    this.#settle();
    this.#reading = i;
    const ahead = this.#ahead.view(payloadOffset, storedLength, this.#readChunk);
    if (ahead !== undefined) {
      this.#ahead.keepViews();
      return ahead;
    }
    const payload = Buffer.allocUnsafe(storedLength);
    this.#readExactly(i, payloadOffset, storedLength, payload, 0);
    return payload;
  }

  readInto(i: number, payloadOffset: number, storedLength: number, target: Uint8Array, at: number): void {
    this.#settle();
    this.#reading = i;
    const ahead = this.#ahead.view(payloadOffset, storedLength, this.#readChunk);
    if (ahead !== undefined) copyBytes(ahead, target, at);
    else this.#readExactly(i, payloadOffset, storedLength, target, at);
  }

  lend(i: number, payloadOffset: number, storedLength: number): LentBytes | undefined {
    this.#settle();
    this.#reading = i;
    return this.#ahead.lend(payloadOffset, storedLength, this.#readChunk);
  }

  /** Reads of whole chunks for the read-ahead; a failure names the object being read. */
  readonly #readChunk = (offset: number, length: number, target: Uint8Array, at: number): void => this.#readExactly(this.#reading, offset, length, target, at);

  #readExactly(i: number, offset: number, length: number, target: Uint8Array, at: number): void {
    let done = 0;
    try {
      while (done < length) {
        const n = readSync(this.#fd, target, at + done, length - done, offset + done);
        if (n === 0) break;
        done += n;
      }
    } catch (cause) {
      throw new TapeStorageError('read-failed', `cannot read object ${i} of ${this.path}: ${(cause as Error).message}`, { cause });
    }
    if (done < length) throw new TapeStorageError('read-failed', `object ${i} of ${this.path} is cut short`);
  }

  /** Bytes from `offset` on are about to change: what was read ahead of them is stale. */
  #forgetFrom(offset: number): void {
    this.#ahead.forgetFrom(offset);
  }

  truncate(_i: number, offset: number): void {
    this.#settle();
    if (offset >= this.#size && !this.#dirtyTail) return;
    this.#forgetFrom(offset);
    try {
      ftruncateSync(this.#fd, offset);
      if (this.#header !== undefined && offset <= FILE_HEADER_LENGTH) {
        writeAll(this.#fd, [this.#header], 0);
        this.#header = undefined;
      }
    } catch (cause) {
      throw new TapeStorageError('write-failed', `cannot truncate ${this.path}: ${(cause as Error).message}`, { cause });
    }
    this.#size = offset;
    this.#dirtyTail = false;
  }

  drain(): void {
    this.#settle();
  }

  sync(): void {
    this.#settle();
    try {
      fsyncSync(this.#fd);
    } catch (cause) {
      throw new TapeStorageError(code(cause) === 'ENOSPC' ? 'disk-full' : 'write-failed', `cannot flush ${this.path}: ${(cause as Error).message}`, { cause });
    }
  }

  flush(): Promise<void> {
    try {
      this.#settle();
    } catch (error) {
      return Promise.reject(error);
    }
    const fd = this.#fd;
    return new Promise((resolve, reject) => {
      fsync(fd, (cause) => {
        if (cause === null) resolve();
        else reject(new TapeStorageError(cause.code === 'ENOSPC' ? 'disk-full' : 'write-failed', `cannot flush ${this.path}: ${cause.message}`, { cause }));
      });
    });
  }

  close(): void {
    this.#ahead.close();
    if (this.#fd < 0) return;
    // What is still in the ring goes to the file first; a write that failed there was already
    // reported (sync() before close, at UNLOAD and when the shelf closes tapes) or cannot be now.
    try {
      this.#settle();
    } catch {
      // The file keeps what reached it; the tape's index is cut where the loss began.
    }
    this.#behind?.close();
    this.#behind = undefined;
    if (this.#dirtyTail) this.#rollBack(this.#size);
    closeSync(this.#fd);
    this.#fd = -1;
  }

  /**
   * Hands an append to the I/O thread when the host disk has room to spare (above
   * WRITE_BEHIND_HEADROOM_BYTES, looked at every WRITE_BEHIND_RECHECK_BYTES) and the append fits
   * the ring; false: the caller writes it now.
   */
  #appendBehind(buffers: readonly Uint8Array[], length: number, offset: number, first: number): boolean {
    if (!this.#writeBehind || this.#dirtyTail) return false;
    if (offset + length > this.#behindLimit) {
      let free = 0;
      try {
        const disk = statfsSync(dirname(this.path));
        free = disk.bavail * disk.bsize;
      } catch {
        // A disk that cannot say how full it is gets every write made before the answer.
      }
      this.#behindLimit = offset + Math.min(free - WRITE_BEHIND_HEADROOM_BYTES, WRITE_BEHIND_RECHECK_BYTES);
      if (offset + length > this.#behindLimit) return false;
    }
    const behind = this.#queue();
    // A failure the I/O thread met must be heard before anything follows it into the ring.
    if (behind.failed) this.#settle();
    this.#forgetFrom(offset);
    if (!behind.append(buffers, length, offset, first)) return false;
    this.#size = Math.max(this.#size, offset + length);
    return true;
  }

  /**
   * Waits until the I/O thread has written everything appended, then reports a write it could not
   * make: the file ends where that write began, the partition is told (its index is cut there),
   * and the error is deferred — it belongs to a WRITE already acknowledged.
   */
  #settle(): void {
    const behind = this.#behind;
    if (behind === undefined) return;
    try {
      if (behind.pending) behind.drain();
    } catch (cause) {
      this.#behind = undefined;
      this.#writeBehind = false;
      throw new TapeStorageError('write-failed', `cannot write ${this.path}: ${(cause as Error).message}`, { cause, deferred: true });
    }
    const failure = behind.takeFailure();
    if (failure === undefined) return;
    this.#size = failure.offset;
    this.#forgetFrom(failure.offset);
    this.#onWriteLost?.(failure.firstObject);
    throw new TapeStorageError(failure.diskFull ? 'disk-full' : 'write-failed', `cannot write ${this.path}: ${failure.message}`, { deferred: true });
  }

  /** Cuts the file back to `offset` after a failed append; when that fails too, the rest is a dirty tail. */
  #rollBack(offset: number): void {
    try {
      this.truncate(0, offset);
    } catch {
      this.#size = offset;
      this.#dirtyTail = true;
    }
  }

  /**
   * Writes at `offset` (the end of the file), first cutting a dirty tail there; a failure leaves
   * the file as it was before (or marks what is left after `offset` as a dirty tail).
   */
  #write(buffers: Uint8Array[], offset: number): void {
    this.#settle();
    this.#forgetFrom(offset);
    if (this.#dirtyTail) this.truncate(0, offset);
    try {
      this.#size = Math.max(this.#size, writeAll(this.#fd, buffers, offset));
    } catch (cause) {
      // Nothing of a failed write may stay behind to be read back as data.
      try {
        ftruncateSync(this.#fd, offset);
      } catch {
        this.#dirtyTail = true;
      }
      this.#size = offset;
      throw new TapeStorageError(code(cause) === 'ENOSPC' ? 'disk-full' : 'write-failed', `cannot write ${this.path}: ${(cause as Error).message}`, { cause });
    }
  }
}

/** Writes every byte of `buffers` at `offset` (writev may write less than asked); returns the end offset. */
function writeAll(fd: number, buffers: Uint8Array[], offset: number): number {
  let position = offset;
  let pending = buffers;
  for (;;) {
    const written = writevSync(fd, pending, position);
    position += written;
    let skip = written;
    while (pending.length > 0 && skip >= (pending[0] as Uint8Array).length) {
      skip -= (pending[0] as Uint8Array).length;
      pending = pending.slice(1);
    }
    if (pending.length === 0) return position;
    pending = [(pending[0] as Uint8Array).subarray(skip), ...pending.slice(1)];
  }
}

/** Bytes read at a time while scanning headers: many small records per read, little waste on large ones. */
const SCAN_WINDOW = 65536;

/** Reads entry headers from the file header on, adding each whole entry to the index. */
function scan(fd: number, size: number, index: TapeIndex): { end: number; damaged: boolean } {
  const window = Buffer.alloc(SCAN_WINDOW);
  let windowStart = 0;
  let windowLength = 0;
  let offset = FILE_HEADER_LENGTH;
  for (;;) {
    if (size - offset < RECORD_HEADER_LENGTH) return { end: offset, damaged: false };
    if (offset < windowStart || offset + RECORD_HEADER_LENGTH > windowStart + windowLength) {
      windowStart = offset;
      windowLength = readSync(fd, window, 0, Math.min(SCAN_WINDOW, size - offset), offset);
    }
    const at = offset - windowStart;
    const entry = parseEntryHeader(window.subarray(at, at + RECORD_HEADER_LENGTH));
    if (entry === undefined) return { end: offset, damaged: !isTornZeros(fd, offset, size) };
    const next = offset + RECORD_HEADER_LENGTH + entry.storedLength;
    if (next > size) return { end: offset, damaged: false };
    if (entry.filemark) index.appendFilemark();
    else index.appendRecord(entry.hostLength, entry.storedLength, entry.deflated);
    offset = next;
  }
}

/**
 * A crash of the machine can leave the file longer than what reached it, the rest zeros: that is
 * a tear, not damage. Checks the (at most 64 KiB) bytes from `offset` to the end are all zero.
 */
function isTornZeros(fd: number, offset: number, size: number): boolean {
  const length = size - offset;
  if (length > 65536) return false;
  const rest = Buffer.alloc(length);
  readSync(fd, rest, 0, length, offset);
  return rest.every((byte) => byte === 0);
}

/** Makes a file private; one owned by another user (EPERM) keeps the mode its owner gave it. */
export function tighten(chmod: () => void): void {
  try {
    chmod();
  } catch (error) {
    if (code(error) !== 'EPERM') throw error;
  }
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code;
}
