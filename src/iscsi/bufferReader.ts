import { IscsiPduError, RejectReason } from './pduError.ts';

/**
 * Sequential big-endian reader over one PDU part. Running out of bytes is a malformed PDU, so it
 * throws IscsiPduError (invalid PDU field) rather than RangeError: the codec's only error type.
 */
export class BufferReader {
  private readonly buffer: Buffer;
  private position = 0;

  constructor(bytes: Uint8Array) {
    this.buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get offset(): number {
    return this.position;
  }

  get remaining(): number {
    return this.buffer.length - this.position;
  }

  private need(count: number): void {
    if (count > this.remaining) {
      throw new IscsiPduError(RejectReason.InvalidPduField, `truncated: need ${count} byte(s) at offset ${this.position}, ${this.remaining} left`);
    }
  }

  uint8(): number {
    this.need(1);
    return this.buffer.readUInt8(this.position++);
  }

  uint16(): number {
    this.need(2);
    const value = this.buffer.readUInt16BE(this.position);
    this.position += 2;
    return value;
  }

  uint24(): number {
    this.need(3);
    const value = this.buffer.readUIntBE(this.position, 3);
    this.position += 3;
    return value;
  }

  uint32(): number {
    this.need(4);
    const value = this.buffer.readUInt32BE(this.position);
    this.position += 4;
    return value;
  }

  uint48(): number {
    this.need(6);
    const value = this.buffer.readUIntBE(this.position, 6);
    this.position += 6;
    return value;
  }

  uint64(): bigint {
    this.need(8);
    const value = this.buffer.readBigUInt64BE(this.position);
    this.position += 8;
    return value;
  }

  /** A copy, so parsed PDUs never alias the receive buffer that the frame reader reuses. */
  bytes(count: number): Buffer {
    this.need(count);
    const out = Buffer.from(this.buffer.subarray(this.position, this.position + count));
    this.position += count;
    return out;
  }

  skip(count: number): void {
    this.need(count);
    this.position += count;
  }
}
