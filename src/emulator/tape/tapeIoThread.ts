/**
 * The process's tape I/O thread: write-behind, and the read-ahead's next chunk (readAhead.ts).
 *
 * Write-behind: a WRITE's entries are copied into a ring this file shares with one
 * I/O thread for the whole process, which puts them in the file while the main thread answers the
 * host and takes in the next record: the copy into the page cache — half of what a 64 KiB WRITE
 * costs the drive, and with four drives streaming the main thread's largest cost after the
 * network — moves to the machine's other core, as tgt's one backing-store thread per LUN does.
 *
 * What this trades, as a real drive's buffer does: the drive answers before the bytes are in the
 * file. A kill -9 loses what is still in the ring (at most RING_BYTES per tape); everything up to
 * the last acknowledged filemark is safe, because WRITE FILEMARKS waits for the ring to drain
 * before its fsync. A write the I/O thread cannot make (EIO; ENOSPC only when something else
 * fills the host disk, see fileRecordStorage.ts) is cut off again, later entries of that tape are
 * dropped, and the tape's next command hears of it (a deferred error).
 *
 * Waiting (for room in the ring, or for it to drain before a read, truncate or fsync) blocks the
 * main thread with Atomics.wait: the store's interface is synchronous, and the wait is bounded by
 * the ring (milliseconds).
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { copyBytes } from './copyBytes.ts';
import type { Prefetcher } from './readAhead.ts';

/** Bytes of one tape's ring: about 10 ms at an LTO-9 drive's native rate; four drives' rings stay within the L3 cache. */
export const RING_BYTES = 4 * 1024 * 1024;
/** An append larger than this is written by the main thread (after the ring drains). */
export const LARGEST_ENTRY_BYTES = RING_BYTES / 2;
/** Slots of a ring's control words (BigInt64Array). */
const HEAD = 0;
const TAIL = 1;
const FAILED = 2;
const FAILED_AT = 3;
const FAILED_OBJECT = 4;
/** A read the I/O thread makes for the read-ahead (readAhead.ts): 1 while it runs, then the bytes read or -1. */
const READ_BUSY = 5;
const READ_RESULT = 6;
const CONTROL_SLOTS = 7;
/**
 * Doorbell words: [0] rung by the main thread, [1] set when the I/O thread stops, [2] set while it
 * sleeps (only then does a ring need a wake-up).
 */
const DOORBELL = 0;
const STOPPED = 1;
const ASLEEP = 2;
/**
 * Appended bytes that wake the I/O thread: one wake-up per half megabyte, not per record — each costs
 * a futex call here and a context switch on the core the host's own process also needs.
 */
const DOORBELL_BYTES = 512 * 1024;
/** A tape that stops short of DOORBELL_BYTES has its ring written this soon anyway. */
const IDLE_RING_MS = 5;
/** An entry: u32 length, u32 unused, f64 file offset, f64 first object, then `length` bytes, padded to 8. */
const ENTRY_HEADER = 24;
/** A length that means "the entry is at the start of the ring". */
const WRAP = 0xffffffff;
/** How long one wait lasts before the waiter checks that the I/O thread still runs. */
const WAIT_SLICE_MS = 1000;

/** What the I/O thread runs (CommonJS source: it must survive bundling, see scripts/bundleBins.ts). */
const IO_THREAD_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { readSync, writeSync, ftruncateSync } = require('node:fs');
const { requests, replies } = workerData;
const doorbell = new Int32Array(workerData.doorbell);
const queues = new Map();
function serve(q) {
  const size = q.ring.length;
  let tail = Number(Atomics.load(q.control, ${TAIL}));
  for (;;) {
    const head = Number(Atomics.load(q.control, ${HEAD}));
    if (tail === head) return;
    const at = tail % size;
    const length = q.view.getUint32(at, true);
    if (length === ${WRAP}) {
      tail += size - at;
    } else {
      if (Atomics.load(q.control, ${FAILED}) === 0n) {
        const offset = q.view.getFloat64(at + 8, true);
        let done = 0;
        try {
          while (done < length) done += writeSync(q.fd, q.ring, at + ${ENTRY_HEADER} + done, length - done, offset + done);
        } catch (error) {
          try { ftruncateSync(q.fd, offset); } catch {}
          replies.postMessage({ id: q.id, message: String(error && error.message) });
          Atomics.store(q.control, ${FAILED_AT}, BigInt(offset));
          Atomics.store(q.control, ${FAILED_OBJECT}, BigInt(q.view.getFloat64(at + 16, true)));
          Atomics.store(q.control, ${FAILED}, error && (error.code === 'ENOSPC' || error.code === 'EDQUOT') ? 1n : 2n);
        }
      }
      tail += (${ENTRY_HEADER} + length + 7) & ~7;
    }
    Atomics.store(q.control, ${TAIL}, BigInt(tail));
    Atomics.notify(q.control, ${TAIL});
  }
}
try {
  for (;;) {
    const rung = Atomics.load(doorbell, ${DOORBELL});
    for (let m = receiveMessageOnPort(requests); m !== undefined; m = receiveMessageOnPort(requests)) {
      const r = m.message;
      if (r.kind === 'open') queues.set(r.id, { id: r.id, fd: r.fd, control: new BigInt64Array(r.control), ring: new Uint8Array(r.ring), view: new DataView(r.ring) });
      else if (r.kind === 'close') queues.delete(r.id);
      else if (r.kind === 'read') {
        const q = queues.get(r.id);
        if (q === undefined) continue;
        let done = 0;
        try {
          const target = new Uint8Array(r.target);
          while (done < r.length) {
            const n = readSync(q.fd, target, r.at + done, r.length - done, r.offset + done);
            if (n === 0) break;
            done += n;
          }
        } catch {
          done = -1;
        }
        Atomics.store(q.control, ${READ_RESULT}, BigInt(done));
        Atomics.store(q.control, ${READ_BUSY}, 0n);
        Atomics.notify(q.control, ${READ_BUSY});
      }
    }
    for (const q of queues.values()) serve(q);
    Atomics.store(doorbell, ${ASLEEP}, 1);
    if (Atomics.load(doorbell, ${DOORBELL}) === rung) Atomics.wait(doorbell, ${DOORBELL}, rung);
    Atomics.store(doorbell, ${ASLEEP}, 0);
  }
} finally {
  Atomics.store(doorbell, ${STOPPED}, 1);
  for (const q of queues.values()) Atomics.notify(q.control, ${TAIL});
}
`;

/** A write the I/O thread could not make: objects from `firstObject` on (file offset `offset`) are not in the file. */
export interface WriteBehindFailure {
  readonly diskFull: boolean;
  readonly offset: number;
  readonly firstObject: number;
  readonly message: string;
}

/** The process's one I/O thread, started with the first tape file opened for write-behind. */
class IoThread {
  readonly #worker: Worker;
  readonly #requests: MessagePort;
  readonly #replies: MessagePort;
  readonly #doorbell = new Int32Array(new SharedArrayBuffer(12));
  readonly #messages = new Map<number, string>();
  #nextId = 1;

  constructor() {
    const requests = new MessageChannel();
    const replies = new MessageChannel();
    this.#requests = requests.port1;
    this.#replies = replies.port1;
    this.#worker = new Worker(IO_THREAD_SOURCE, {
      eval: true,
      workerData: { requests: requests.port2, replies: replies.port2, doorbell: this.#doorbell.buffer },
      transferList: [requests.port2, replies.port2],
    });
    // The thread holds nothing a clean exit needs: every tape drains its ring when it is closed.
    this.#worker.unref();
    this.#requests.unref();
    this.#replies.unref();
  }

  get stopped(): boolean {
    return Atomics.load(this.#doorbell, STOPPED) !== 0;
  }

  open(fd: number, control: SharedArrayBuffer, ring: SharedArrayBuffer): number {
    const id = this.#nextId++;
    this.#requests.postMessage({ kind: 'open', id, fd, control, ring });
    return id;
  }

  close(id: number): void {
    this.#requests.postMessage({ kind: 'close', id });
    this.ring();
  }

  /** Queue `id`'s file, `length` bytes at `offset`, into `target` at `at`: after the appends before it. */
  read(id: number, target: SharedArrayBuffer, at: number, offset: number, length: number): void {
    this.#requests.postMessage({ kind: 'read', id, target, at, offset, length });
    this.ring();
  }

  ring(): void {
    Atomics.add(this.#doorbell, DOORBELL, 1);
    // The thread sets ASLEEP before it looks at the doorbell a last time: seen 0 here, it is awake
    // or will see this ring before it waits.
    if (Atomics.load(this.#doorbell, ASLEEP) !== 0) Atomics.notify(this.#doorbell, DOORBELL);
  }

  /** The I/O thread's words on a failed write of queue `id` (posted before it set the flag). */
  messageFor(id: number): string | undefined {
    for (let m = receiveMessageOnPort(this.#replies); m !== undefined; m = receiveMessageOnPort(this.#replies)) {
      const reply = m.message as { id: number; message: string };
      this.#messages.set(reply.id, reply.message);
    }
    const message = this.#messages.get(id);
    this.#messages.delete(id);
    return message;
  }
}

let ioThread: IoThread | undefined;

/** One tape file's ring, and the reads the read-ahead asks of the I/O thread. */
export class TapeIoQueue implements Prefetcher {
  readonly #thread: IoThread;
  readonly #id: number;
  readonly #control = new BigInt64Array(new SharedArrayBuffer(CONTROL_SLOTS * 8));
  readonly #ring = new Uint8Array(new SharedArrayBuffer(RING_BYTES));
  readonly #view = new DataView(this.#ring.buffer);
  /** Bytes ever appended (the I/O thread's TAIL follows it). */
  #head = 0;
  /** Bytes appended since the doorbell was last rung. */
  #unrung = 0;
  #idleRing: NodeJS.Timeout | undefined;
  #closed = false;

  /** The file `fd` gets its ring (the process's I/O thread starts with the first one). */
  constructor(fd: number) {
    ioThread ??= new IoThread();
    this.#thread = ioThread;
    this.#id = this.#thread.open(fd, this.#control.buffer as SharedArrayBuffer, this.#ring.buffer as SharedArrayBuffer);
  }

  /** Something appended is not in the file yet. */
  get pending(): boolean {
    return Number(Atomics.load(this.#control, TAIL)) !== this.#head;
  }

  /** A write failed: drain(), then takeFailure(). */
  get failed(): boolean {
    return Atomics.load(this.#control, FAILED) !== 0n;
  }

  /**
   * Copies `buffers` (`length` bytes in all), to be written at file `offset`; `firstObject`: the
   * first tape object they hold. False when they are larger than LARGEST_ENTRY_BYTES: write them
   * yourself, after drain().
   */
  append(buffers: readonly Uint8Array[], length: number, offset: number, firstObject: number): boolean {
    const need = (ENTRY_HEADER + length + 7) & ~7;
    if (need > LARGEST_ENTRY_BYTES) return false;
    let at = this.#head % RING_BYTES;
    const skip = at + need > RING_BYTES ? RING_BYTES - at : 0;
    this.#waitForRoom(skip + need);
    if (skip > 0) {
      this.#view.setUint32(at, WRAP, true);
      at = 0;
    }
    this.#view.setUint32(at, length, true);
    this.#view.setFloat64(at + 8, offset, true);
    this.#view.setFloat64(at + 16, firstObject, true);
    let p = at + ENTRY_HEADER;
    for (const buffer of buffers) {
      copyBytes(buffer, this.#ring, p);
      p += buffer.length;
    }
    this.#head += skip + need;
    Atomics.store(this.#control, HEAD, BigInt(this.#head));
    this.#unrung += skip + need;
    if (this.#unrung >= DOORBELL_BYTES) this.#ringDoorbell();
    else this.#idleRing ??= setTimeout(() => this.#ringDoorbell(), IDLE_RING_MS).unref();
    return true;
  }

  /** Returns once everything appended is in the file (or was dropped after a failure). */
  drain(): void {
    this.#waitUntil(() => Number(Atomics.load(this.#control, TAIL)) === this.#head);
  }

  /** A write that failed since the last call, after drain(): the ring is empty and takes appends again. */
  takeFailure(): WriteBehindFailure | undefined {
    const failed = Atomics.load(this.#control, FAILED);
    if (failed === 0n) return undefined;
    const failure: WriteBehindFailure = {
      diskFull: failed === 1n,
      offset: Number(Atomics.load(this.#control, FAILED_AT)),
      firstObject: Number(Atomics.load(this.#control, FAILED_OBJECT)),
      message: this.#thread.messageFor(this.#id) ?? 'the write failed',
    };
    Atomics.store(this.#control, FAILED, 0n);
    return failure;
  }

  /** The I/O thread reads file bytes into `target` (shared memory) while this thread goes on. */
  prefetch(target: Uint8Array, at: number, offset: number, length: number): void {
    Atomics.store(this.#control, READ_BUSY, 1n);
    this.#thread.read(this.#id, target.buffer as SharedArrayBuffer, target.byteOffset + at, offset, length);
  }

  awaitPrefetch(): number {
    for (;;) {
      if (Atomics.load(this.#control, READ_BUSY) === 0n) return Number(Atomics.load(this.#control, READ_RESULT));
      if (this.#thread.stopped) return -1;
      Atomics.wait(this.#control, READ_BUSY, 1n, WAIT_SLICE_MS);
    }
  }

  /** Drains and lets the ring go; the caller closes the file afterwards. */
  close(): void {
    if (this.#closed) return;
    this.drain();
    this.#closed = true;
    this.#thread.close(this.#id);
  }

  #ringDoorbell(): void {
    clearTimeout(this.#idleRing);
    this.#idleRing = undefined;
    if (this.#unrung === 0) return;
    this.#unrung = 0;
    this.#thread.ring();
  }

  #waitForRoom(bytes: number): void {
    this.#waitUntil(() => RING_BYTES - (this.#head - Number(Atomics.load(this.#control, TAIL))) >= bytes);
  }

  #waitUntil(done: () => boolean): void {
    if (!done()) this.#ringDoorbell();
    for (;;) {
      const tail = Atomics.load(this.#control, TAIL);
      if (done()) return;
      if (this.#thread.stopped) throw new Error('the tape I/O thread has stopped');
      Atomics.wait(this.#control, TAIL, tail, WAIT_SLICE_MS);
    }
  }
}
