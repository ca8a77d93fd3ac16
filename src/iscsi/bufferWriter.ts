/**
 * Growable big-endian writer. A value that does not fit its field throws RangeError: serializers
 * are handed typed PDUs by our own code, so an out-of-range value is a bug to surface, never
 * bytes to put on the wire.
 */
export class BufferWriter {
  private buffer: Buffer;
  private size = 0;

  constructor(initialCapacity = 64) {
    // Unsafe (pooled, not zeroed) is safe here: toBuffer() shows only bytes written, reserved ones via zeros().
    this.buffer = Buffer.allocUnsafe(initialCapacity);
  }

  get offset(): number {
    return this.size;
  }

  private ensure(count: number): void {
    if (this.size + count <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.size + count));
    this.buffer.copy(grown, 0, 0, this.size);
    this.buffer = grown;
  }

  private unsigned(value: number, bytes: number, field: string): this {
    if (!Number.isInteger(value) || value < 0 || value > (MAX_UNSIGNED[bytes] as number)) {
      throw new RangeError(`${field}: ${value} does not fit in ${bytes} byte(s)`);
    }
    this.ensure(bytes);
    // Byte stores for the common widths: a header is mostly these, and the generic writers cost more than the fields.
    const b = this.buffer;
    const at = this.size;
    if (bytes === 1) b[at] = value;
    else if (bytes === 4) {
      b[at] = value >>> 24;
      b[at + 1] = (value >>> 16) & 0xff;
      b[at + 2] = (value >>> 8) & 0xff;
      b[at + 3] = value & 0xff;
    } else if (bytes === 2) {
      b[at] = value >>> 8;
      b[at + 1] = value & 0xff;
    } else b.writeUIntBE(value, at, bytes);
    this.size += bytes;
    return this;
  }

  uint8(value: number, field = 'uint8'): this {
    return this.unsigned(value, 1, field);
  }

  uint16(value: number, field = 'uint16'): this {
    return this.unsigned(value, 2, field);
  }

  uint24(value: number, field = 'uint24'): this {
    return this.unsigned(value, 3, field);
  }

  uint32(value: number, field = 'uint32'): this {
    return this.unsigned(value, 4, field);
  }

  uint48(value: number, field = 'uint48'): this {
    return this.unsigned(value, 6, field);
  }

  uint64(value: bigint, field = 'uint64'): this {
    if (value < 0n || value > 0xffff_ffff_ffff_ffffn) throw new RangeError(`${field}: ${value} does not fit in 8 bytes`);
    this.ensure(8);
    this.buffer.writeBigUInt64BE(value, this.size);
    this.size += 8;
    return this;
  }

  bytes(value: Uint8Array): this {
    this.ensure(value.length);
    this.buffer.set(value, this.size);
    this.size += value.length;
    return this;
  }

  zeros(count: number): this {
    this.ensure(count);
    const end = this.size + count;
    // Reserved header fields are a few bytes: a loop is cheaper than fill()'s argument checks.
    if (count > 64) this.buffer.fill(0, this.size, end);
    else for (let i = this.size; i < end; i++) this.buffer[i] = 0;
    this.size = end;
    return this;
  }

  /** Zero bytes up to the next multiple of four, as iSCSI pads AHS and data segments. */
  pad4(): this {
    return this.zeros(padding4(this.size));
  }

  /** The written bytes (a view: the writer is not reused after this); the buffer itself when it was sized exactly. */
  toBuffer(): Buffer {
    return this.size === this.buffer.length ? this.buffer : this.buffer.subarray(0, this.size);
  }
}

/** Largest value of an unsigned field of n bytes, by n. */
const MAX_UNSIGNED: readonly number[] = [0, 0xff, 0xffff, 0xffffff, 0xffffffff, 2 ** 40 - 1, 2 ** 48 - 1];

/** Bytes needed to bring `length` to a multiple of four. */
export function padding4(length: number): number {
  return (4 - (length % 4)) % 4;
}
