/**
 * Receive buffers that are used again. A large PDU arrives in many socket reads and is joined
 * into one buffer; at a few hundred MB/s a fresh buffer per PDU is most of what the target
 * allocates, and V8 answers that much external memory with a full collection every few tens of
 * megabytes (the profile of a 256 KiB tape write stream showed a quarter of the thread in the
 * collector). A buffer comes back only when its owner says it is done with it (a SCSI task once
 * its device has answered: devices copy what they keep, see ScsiRequest.dataOut), so a buffer
 * nobody gives back is simply collected, and only buffers this pool made are ever handed out again.
 */

/** Buffers are made in multiples of this, so PDUs of nearby lengths share them. */
const GRANULE = 64 * 1024;

export class BufferPool {
  readonly #maxIdleBytes: number;
  /** Idle buffers by capacity. */
  readonly #idle = new Map<number, ArrayBuffer[]>();
  #idleBytes = 0;
  /** Every buffer this pool made, and which of them are idle now (a second give is ignored). */
  readonly #made = new WeakSet<ArrayBuffer>();
  readonly #isIdle = new WeakSet<ArrayBuffer>();

  /** `maxIdleBytes`: what the pool keeps at most while nobody uses it. */
  constructor(maxIdleBytes = 8 * 1024 * 1024) {
    this.#maxIdleBytes = maxIdleBytes;
  }

  /** `length` bytes, contents undefined. */
  take(length: number): Buffer {
    const capacity = Math.ceil(length / GRANULE) * GRANULE;
    const idle = this.#idle.get(capacity)?.pop();
    if (idle !== undefined) {
      this.#isIdle.delete(idle);
      this.#idleBytes -= capacity;
      return Buffer.from(idle, 0, length);
    }
    const made = Buffer.allocUnsafeSlow(capacity);
    this.#made.add(made.buffer);
    return made.subarray(0, length);
  }

  /** The caller no longer uses `buffer` (or any view of it); anything not made here is ignored. */
  give(buffer: Uint8Array): void {
    const backing = buffer.buffer;
    if (!(backing instanceof ArrayBuffer) || !this.#made.has(backing) || this.#isIdle.has(backing)) return;
    const capacity = backing.byteLength;
    if (this.#idleBytes + capacity > this.#maxIdleBytes) return;
    this.#isIdle.add(backing);
    this.#idleBytes += capacity;
    const list = this.#idle.get(capacity);
    if (list === undefined) this.#idle.set(capacity, [backing]);
    else list.push(backing);
  }

  get idleBytes(): number {
    return this.#idleBytes;
  }
}
