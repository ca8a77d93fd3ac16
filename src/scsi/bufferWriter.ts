/**
 * Big-endian writer. Values that do not fit their field throw RangeError: a builder is handed a
 * typed object by our own code, so an out-of-range value is a bug to surface, not bytes to send.
 *
 * Two kinds: a growable one (`new BufferWriter()`, read back with toBuffer()), and one over a
 * window of a buffer the caller already sized (`BufferWriter.into`), which large responses use
 * so their descriptors go straight into the bytes that are sent, with no copy per descriptor.
 */
export class BufferWriter {
  private buffer: Buffer;
  private size: number;
  /** End of the window a writer `into` a buffer may fill; a growable writer has none. */
  private limit: number | undefined;

  constructor(initialCapacity = 64) {
    // Unsafe (not zeroed) is safe: toBuffer() shows only bytes written, reserved ones via zeros().
    this.buffer = Buffer.allocUnsafe(initialCapacity);
    this.size = 0;
    this.limit = undefined;
  }

  /** A writer filling `buffer` from `offset`, never past `end`: writing beyond is a builder bug (RangeError). */
  static into(buffer: Buffer, offset = 0, end = buffer.length): BufferWriter {
    const w = new BufferWriter(0);
    w.buffer = buffer;
    w.size = offset;
    w.limit = end;
    return w;
  }

  get offset(): number {
    return this.size;
  }

  private ensure(count: number): void {
    if (this.size + count <= (this.limit ?? this.buffer.length)) return;
    if (this.limit !== undefined) throw new RangeError(`writing ${count} byte(s) at ${this.size} passes the end of the window (${this.limit})`);
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.size + count));
    this.buffer.copy(grown, 0, 0, this.size);
    this.buffer = grown;
  }

  /**
   * Moves past `count` bytes the caller writes itself, and returns the buffer to write them in,
   * starting at the offset read just before the call. For fixed layouts built in bulk (an element
   * descriptor is 12 bytes set one by one), where a call per field costs more than the bytes.
   */
  claim(count: number): Buffer {
    this.ensure(count);
    this.size += count;
    return this.buffer;
  }

  uint8(value: number): this {
    checkRange(value, 0xff, 'uint8');
    this.ensure(1);
    this.buffer[this.size++] = value;
    return this;
  }

  uint16(value: number): this {
    checkRange(value, 0xffff, 'uint16');
    this.ensure(2);
    this.buffer[this.size] = value >>> 8;
    this.buffer[this.size + 1] = value & 0xff;
    this.size += 2;
    return this;
  }

  uint24(value: number): this {
    checkRange(value, 0xffffff, 'uint24');
    this.ensure(3);
    this.buffer[this.size] = value >>> 16;
    this.buffer[this.size + 1] = (value >>> 8) & 0xff;
    this.buffer[this.size + 2] = value & 0xff;
    this.size += 3;
    return this;
  }

  uint32(value: number): this {
    checkRange(value, 0xffffffff, 'uint32');
    this.ensure(4);
    this.buffer.writeUInt32BE(value, this.size);
    this.size += 4;
    return this;
  }

  uint64(value: bigint): this {
    if (value < 0n || value > 0xffffffffffffffffn) throw new RangeError(`uint64 out of range: ${value}`);
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
    fillBytes(this.buffer, 0, this.size, this.size + count);
    this.size += count;
    return this;
  }

  /** Fixed-width text field: latin1, left-justified, padded with `pad`; too long is an error. */
  paddedText(value: string, width: number, pad = ' '): this {
    if (value.length > width) throw new RangeError(`text "${value}" is longer than its ${width}-byte field`);
    const padCode = pad.charCodeAt(0);
    if (pad.length !== 1 || padCode > 0xff) throw new RangeError(`padding "${pad}" is not one latin1 character`);
    this.ensure(width);
    // Character by character: barcodes are short, and this spares an encoded copy and a padding buffer per field.
    const at = this.size;
    for (let i = 0; i < value.length; i++) this.buffer[at + i] = latin1Code(value, i);
    fillBytes(this.buffer, padCode, at + value.length, at + width);
    this.size += width;
    return this;
  }

  text(value: string): this {
    this.ensure(value.length);
    for (let i = 0; i < value.length; i++) this.buffer[this.size + i] = latin1Code(value, i);
    this.size += value.length;
    return this;
  }

  /** Overwrites an already written big-endian field (length fields known only at the end). */
  patch(at: number, width: 1 | 2 | 3 | 4, value: number): this {
    checkRange(value, 2 ** (8 * width) - 1, `uint${8 * width}`);
    if (at + width > this.size) throw new RangeError(`patch at ${at} beyond written data (${this.size})`);
    this.buffer.writeUIntBE(value, at, width);
    return this;
  }

  /** The written bytes (a copy of exactly offset bytes; for a writer `into` a buffer, from its start). */
  toBuffer(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.size));
  }
}

function checkRange(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${what} out of range: ${value}`);
}

function latin1Code(value: string, i: number): number {
  const code = value.charCodeAt(i);
  if (code > 0xff) throw new RangeError(`text "${value}" has a character outside latin1`);
  return code;
}

/** Buffer.fill validates its arguments at a cost larger than the loop over a few bytes of a reserved field or padding. */
function fillBytes(buffer: Buffer, value: number, start: number, end: number): void {
  if (end - start > 64) buffer.fill(value, start, end);
  else for (let i = start; i < end; i++) buffer[i] = value;
}
