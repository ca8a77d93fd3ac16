/**
 * Growable big-endian writer. Values that do not fit their field throw RangeError: a builder is
 * handed a typed object by our own code, so an out-of-range value is a bug to surface, not bytes
 * to send.
 */
export class BufferWriter {
  private buffer: Buffer;
  private size = 0;

  constructor(initialCapacity = 64) {
    this.buffer = Buffer.alloc(initialCapacity);
  }

  get offset(): number {
    return this.size;
  }

  private ensure(count: number): void {
    if (this.size + count <= this.buffer.length) return;
    const grown = Buffer.alloc(Math.max(this.buffer.length * 2, this.size + count));
    this.buffer.copy(grown, 0, 0, this.size);
    this.buffer = grown;
  }

  uint8(value: number): this {
    checkRange(value, 0xff, 'uint8');
    this.ensure(1);
    this.buffer.writeUInt8(value, this.size);
    this.size += 1;
    return this;
  }

  uint16(value: number): this {
    checkRange(value, 0xffff, 'uint16');
    this.ensure(2);
    this.buffer.writeUInt16BE(value, this.size);
    this.size += 2;
    return this;
  }

  uint24(value: number): this {
    checkRange(value, 0xffffff, 'uint24');
    this.ensure(3);
    this.buffer.writeUIntBE(value, this.size, 3);
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
    this.buffer.fill(0, this.size, this.size + count);
    this.size += count;
    return this;
  }

  /** Fixed-width text field: latin1, left-justified, padded with `pad`; too long is an error. */
  paddedText(value: string, width: number, pad = ' '): this {
    const encoded = encodeText(value);
    if (encoded.length > width) throw new RangeError(`text "${value}" is longer than its ${width}-byte field`);
    this.bytes(encoded);
    this.bytes(Buffer.alloc(width - encoded.length, pad, 'latin1'));
    return this;
  }

  text(value: string): this {
    return this.bytes(encodeText(value));
  }

  /** Overwrites an already written big-endian field (length fields known only at the end). */
  patch(at: number, width: 1 | 2 | 3 | 4, value: number): this {
    checkRange(value, 2 ** (8 * width) - 1, `uint${8 * width}`);
    if (at + width > this.size) throw new RangeError(`patch at ${at} beyond written data (${this.size})`);
    this.buffer.writeUIntBE(value, at, width);
    return this;
  }

  /** The written bytes (a copy of exactly offset bytes). */
  toBuffer(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.size));
  }
}

function checkRange(value: number, max: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${what} out of range: ${value}`);
}

function encodeText(value: string): Buffer {
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) > 0xff) throw new RangeError(`text "${value}" has a character outside latin1`);
  }
  return Buffer.from(value, 'latin1');
}
