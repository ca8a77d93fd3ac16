import { ScsiFormatError, highestBit, type FormatErrorLocation } from './scsiFormatError.ts';

/**
 * Sequential big-endian reader over one SCSI structure. Every failure is a ScsiFormatError that
 * names the structure and points at the byte, so parsers never index past the end or return
 * half-read garbage, and CDB parsers get field pointers for free.
 */
export class BufferReader {
  readonly buffer: Buffer;
  readonly structure: string;
  readonly location: FormatErrorLocation;
  offset: number;

  constructor(bytes: Uint8Array, structure: string, location: FormatErrorLocation = 'data', offset = 0) {
    this.buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.structure = structure;
    this.location = location;
    this.offset = offset;
  }

  get length(): number {
    return this.buffer.length;
  }

  get remaining(): number {
    return this.buffer.length - this.offset;
  }

  /** An error about the field at `byte` (default: the byte just read). */
  error(problem: string, byte: number = this.offset - 1, bit?: number): ScsiFormatError {
    return new ScsiFormatError(this.structure, problem, this.location, bit === undefined ? { byte } : { byte, bit });
  }

  need(count: number): void {
    if (count > this.remaining) {
      const problem = `truncated: need ${count} byte(s) at offset ${this.offset}, only ${Math.max(this.remaining, 0)} left`;
      throw new ScsiFormatError(this.structure, problem, this.location, { byte: this.offset }, true);
    }
  }

  uint8(): number {
    this.need(1);
    return this.buffer.readUInt8(this.offset++);
  }

  uint16(): number {
    this.need(2);
    const value = this.buffer.readUInt16BE(this.offset);
    this.offset += 2;
    return value;
  }

  uint24(): number {
    this.need(3);
    const value = this.buffer.readUIntBE(this.offset, 3);
    this.offset += 3;
    return value;
  }

  uint32(): number {
    this.need(4);
    const value = this.buffer.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  uint64(): bigint {
    this.need(8);
    const value = this.buffer.readBigUInt64BE(this.offset);
    this.offset += 8;
    return value;
  }

  /** A copy, so parsed objects never alias the caller's buffer. */
  bytes(count: number): Buffer {
    this.need(count);
    const out = Buffer.from(this.buffer.subarray(this.offset, this.offset + count));
    this.offset += count;
    return out;
  }

  /** The rest of the structure (a copy). */
  rest(): Buffer {
    return this.bytes(Math.max(this.remaining, 0));
  }

  skip(count: number): void {
    this.need(count);
    this.offset += count;
  }

  /** Fixed-width text field: latin1 (byte-preserving), trailing spaces and NULs dropped. */
  paddedText(width: number): string {
    return this.bytes(width).toString('latin1').replace(/[ \0]+$/, '');
  }

  /** Variable-length text kept verbatim (no trimming). */
  text(count: number): string {
    return this.bytes(count).toString('latin1');
  }

  /** Reads a byte whose bits in `mask` are reserved; any of them set is a field error at that bit. */
  byteWithReserved(mask: number): number {
    const value = this.uint8();
    const bad = value & mask;
    if (bad !== 0) throw this.error(`reserved bit ${highestBit(bad)} is set`, this.offset - 1, highestBit(bad));
    return value;
  }

  /** Skips `count` reserved bytes, each of which must be zero. */
  reservedBytes(count: number): void {
    for (let i = 0; i < count; i++) this.byteWithReserved(0xff);
  }

  /** A new reader over the next `count` bytes (offsets stay relative to this structure). */
  sub(count: number, structure: string = this.structure): BufferReader {
    this.need(count);
    const view = this.buffer.subarray(0, this.offset + count);
    const reader = new BufferReader(view, structure, this.location, this.offset);
    this.offset += count;
    return reader;
  }
}
