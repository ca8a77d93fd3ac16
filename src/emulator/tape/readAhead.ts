/**
 * Reading a tape file ahead while the host reads in tape order: one read brings in the next chunk
 * (eight records' worth, 512 KiB to READ_AHEAD_BYTES), and the records in it are handed out as
 * views of that chunk — one syscall per chunk, not per record. With the process's tape I/O thread
 * (tapeIoThread.ts), the chunk after the current one is read there while the host is served from
 * this one, so the main thread only copies records out of memory; without it (or when the
 * prefetch missed) the chunk is read here.
 *
 * A record that straddles two chunks is made whole in the next chunk's buffer: each buffer has
 * CARRY_BYTES of room before the file bytes for the straddling record's first part (records read
 * ahead are at most half a chunk). A chunk buffer none of whose views was kept is filled again, so
 * a host reading into its transport's buffers makes the store allocate nothing per record. A view
 * may also be lent (lend): the transport sends it as it is, and the buffer is filled again only once
 * every view lent from it has been given back.
 *
 * Each buffer counts its own lent views: kept in a WeakMap keyed by the buffer, the count's set and
 * delete on every record (a view is lent per 64 KiB READ) went through V8's identity hashes and
 * ephemeron-table rehashes — 4–5 % of the main thread with four drives streaming.
 */
import { copyBytes } from './copyBytes.ts';
import { RECORD_HEADER_LENGTH } from './recordFormat.ts';
import type { LentBytes } from './recordStorage.ts';

/** The most bytes read at once while reads follow each other in tape order; records up to half of it are read ahead. */
export const READ_AHEAD_BYTES = 2 * 1024 * 1024;
/**
 * A chunk holds this many records of the length being read, within SMALLEST_CHUNK_BYTES and
 * READ_AHEAD_BYTES. Why not always the most: the I/O thread writes a chunk on the other core and
 * the main thread sends from it a little later, and four drives' 2 MiB chunks (two buffers each,
 * besides the sockets' and the host's) do not stay in this machine's cache, so the send read them
 * from memory — the kernel's copy into the socket ran at about 3.4 GB/s, against 5.6 from a buffer
 * in cache. Four drives, 64 KiB records, 512 KiB chunks read 5–11 % faster than 2 MiB in the same
 * runs. 256 KiB records keep 2 MiB chunks: the host's side limits their reads, and 512 KiB chunks
 * (two records each, a wake-up of the I/O thread per two records) gained them nothing.
 */
const RECORDS_PER_CHUNK = 8;
const SMALLEST_CHUNK_BYTES = 512 * 1024;

/** The chunk for records of `recordLength` bytes. */
function chunkBytes(recordLength: number): number {
  return Math.min(READ_AHEAD_BYTES, Math.max(SMALLEST_CHUNK_BYTES, RECORDS_PER_CHUNK * recordLength));
}
/** Room before a chunk's bytes for the first part of a record that began in the chunk before. */
const CARRY_BYTES = READ_AHEAD_BYTES / 2;

/** Reads `length` file bytes at `offset` into `target` at `at`, all of them, or throws. */
export type ChunkReader = (offset: number, length: number, target: Uint8Array, at: number) => void;

/** The I/O thread's side: one read at a time, into memory it shares. */
export interface Prefetcher {
  /** Starts reading `length` bytes at file `offset` into `target` (shared memory) at `at`. */
  prefetch(target: Uint8Array, at: number, offset: number, length: number): void;
  /** Waits for the read prefetch() started: the bytes read, or -1 when it failed. */
  awaitPrefetch(): number;
}

/** A chunk's buffer and what is out of it. */
class ChunkBuffer {
  readonly bytes: Uint8Array;
  /** Views lent and not given back yet. */
  lent = 0;
  /** A view of it was kept for good: it is never filled again. */
  kept = false;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  /** Whether it may be filled again: no view of it kept or lent out. */
  get fillable(): boolean {
    return !this.kept && this.lent === 0;
  }
}

interface Pending {
  readonly backing: ChunkBuffer;
  readonly start: number;
}

export class ReadAhead {
  readonly #fileSize: () => number;
  readonly #prefetcher: () => Prefetcher | undefined;
  /** Buffers are shared memory (the I/O thread may read into them). */
  readonly #shared: boolean;
  /** File bytes [#start, #start + length) read ahead, or undefined. */
  #chunk: Uint8Array | undefined;
  #start = 0;
  /**
   * The buffer #chunk lies in. One the chunk has moved on from is held only by the views lent out
   * of it: a view never given back (an answer whose connection went) holds nothing here.
   */
  #backing: ChunkBuffer | undefined;
  /** A buffer free for the next chunk. */
  #spare: ChunkBuffer | undefined;
  /** The chunk after #chunk, being read by the I/O thread. */
  #pending: Pending | undefined;
  /** Where the payload of the record after the last one read starts: a read there is sequential. */
  #next = -1;

  /** `prefetcher`: the I/O thread's reads, when `shared` (undefined while it cannot take one). */
  constructor(fileSize: () => number, options: { shared: boolean; prefetcher: () => Prefetcher | undefined }) {
    this.#fileSize = fileSize;
    this.#shared = options.shared;
    this.#prefetcher = options.shared ? options.prefetcher : () => undefined;
  }

  /**
   * The payload at `payloadOffset` as a view of the chunk when it is there or the read follows
   * the last one in tape order (the next chunk is then taken); undefined for a read elsewhere.
   */
  view(payloadOffset: number, storedLength: number, read: ChunkReader): Uint8Array | undefined {
    const sequential = payloadOffset === this.#next;
    this.#next = payloadOffset + storedLength + RECORD_HEADER_LENGTH;
    let chunk = this.#chunk;
    let at = payloadOffset - this.#start;
    if (chunk === undefined || at < 0 || at + storedLength > chunk.length) {
      const length = Math.min(chunkBytes(storedLength), this.#fileSize() - payloadOffset);
      if (!sequential || storedLength * 2 > READ_AHEAD_BYTES || length < storedLength) return undefined;
      chunk = this.#carriedOver(payloadOffset, storedLength) ?? this.#readNow(payloadOffset, length, read);
      this.#chunk = chunk;
      this.#start = payloadOffset;
      at = 0;
      this.#prefetchNext(storedLength);
    }
    return chunk.subarray(at, at + storedLength);
  }

  /** The caller keeps the view view() returned for good: the chunk's buffer is never filled again. */
  keepViews(): void {
    if (this.#backing !== undefined) this.#backing.kept = true;
  }

  /**
   * view(), lent: the bytes stay as they are until `release` is called, however the host reads on
   * (a transport sends them without copying them first).
   */
  lend(payloadOffset: number, storedLength: number, read: ChunkReader): LentBytes | undefined {
    const bytes = this.view(payloadOffset, storedLength, read);
    const backing = this.#backing;
    if (bytes === undefined || backing === undefined) return undefined;
    backing.lent++;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      backing.lent--;
      // A buffer the chunk has moved on from is free again.
      if (backing !== this.#backing && backing.fillable) this.#spare ??= backing;
    };
    return { bytes, release };
  }

  /** File bytes from `offset` on are about to change: what was read ahead of them is stale. */
  forgetFrom(offset: number): void {
    if (this.#chunk !== undefined && offset < this.#start + this.#chunk.length) this.#chunk = undefined;
    this.#cancelPrefetch();
    this.#next = -1;
  }

  close(): void {
    this.#cancelPrefetch();
    this.#chunk = undefined;
    this.#backing = undefined;
    this.#spare = undefined;
  }

  /** The next chunk from the I/O thread's read, the straddling record's first part copied before it; undefined when it does not serve. */
  #carriedOver(payloadOffset: number, storedLength: number): Uint8Array | undefined {
    const pending = this.#pending;
    const prefetcher = this.#prefetcher();
    if (pending === undefined || prefetcher === undefined) return undefined;
    this.#pending = undefined;
    const got = prefetcher.awaitPrefetch();
    const chunk = this.#chunk;
    const carry = pending.start - payloadOffset;
    if (got < 0 || chunk === undefined || carry < 0 || carry > CARRY_BYTES || this.#start + chunk.length !== pending.start || carry + got < storedLength) {
      this.#spare ??= pending.backing;
      return undefined;
    }
    copyBytes(chunk.subarray(chunk.length - carry), pending.backing.bytes, CARRY_BYTES - carry);
    this.#takeBacking(pending.backing);
    return pending.backing.bytes.subarray(CARRY_BYTES - carry, CARRY_BYTES + got);
  }

  /** Reads the chunk here, into the current buffer when no view of it was kept. */
  #readNow(offset: number, length: number, read: ChunkReader): Uint8Array {
    const backing = this.#backing?.fillable === true ? this.#backing : this.#freeBuffer();
    this.#chunk = undefined;
    read(offset, length, backing.bytes, CARRY_BYTES);
    this.#takeBacking(backing);
    return backing.bytes.subarray(CARRY_BYTES, CARRY_BYTES + length);
  }

  /** `backing` holds the chunk now; the one before is spare unless a view of it was kept. */
  #takeBacking(backing: ChunkBuffer): void {
    if (this.#backing !== undefined && this.#backing !== backing && this.#backing.fillable) this.#spare ??= this.#backing;
    this.#backing = backing;
  }

  /** The chunk after this one, sized for records of `recordLength`, started on the I/O thread. */
  #prefetchNext(recordLength: number): void {
    const prefetcher = this.#prefetcher();
    const chunk = this.#chunk;
    if (prefetcher === undefined || chunk === undefined) return;
    const start = this.#start + chunk.length;
    const length = Math.min(chunkBytes(recordLength), this.#fileSize() - start);
    if (length <= 0) return;
    const backing = this.#freeBuffer();
    this.#pending = { backing, start };
    prefetcher.prefetch(backing.bytes, CARRY_BYTES, start, length);
  }

  /** Waits for a read the I/O thread is making into one of these buffers, and drops it. */
  #cancelPrefetch(): void {
    const pending = this.#pending;
    if (pending === undefined) return;
    this.#pending = undefined;
    this.#prefetcher()?.awaitPrefetch();
    this.#spare ??= pending.backing;
  }

  /** A buffer neither holding the chunk nor being read into: shared memory when the I/O thread reads into it. */
  #freeBuffer(): ChunkBuffer {
    const spare = this.#spare;
    if (spare !== undefined) {
      this.#spare = undefined;
      return spare;
    }
    const bytes = CARRY_BYTES + READ_AHEAD_BYTES;
    return new ChunkBuffer(this.#shared ? new Uint8Array(new SharedArrayBuffer(bytes)) : new Uint8Array(bytes));
  }
}
