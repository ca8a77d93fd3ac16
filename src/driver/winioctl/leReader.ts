import { WinIoctlFormatError } from './winIoctlFormatError.ts';

/**
 * Reads little-endian fields in order from one Windows structure. It carries the structure's name so
 * that every failure, however deep in a nested CHANGER_ELEMENT, names the buffer the caller passed.
 */
export class LeReader {
  readonly structure: string;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private offset: number;

  constructor(structure: string, bytes: Uint8Array, offset = 0) {
    this.structure = structure;
    this.bytes = bytes;
    // A Buffer may be a window into a larger pool, so the view must start where the bytes start.
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.offset = offset;
  }

  get position(): number {
    return this.offset;
  }

  u8(): number {
    const at = this.take(1);
    return this.view.getUint8(at);
  }

  u16(): number {
    const at = this.take(2);
    return this.view.getUint16(at, true);
  }

  u32(): number {
    const at = this.take(4);
    return this.view.getUint32(at, true);
  }

  /** LARGE_INTEGER: signed, and wider than a double holds exactly, hence bigint. */
  i64(): bigint {
    const at = this.take(8);
    return this.view.getBigInt64(at, true);
  }

  /** BOOLEAN: one byte, any non-zero value is TRUE (as C tests it). */
  bool(): boolean {
    return this.u8() !== 0;
  }

  bytesOf(length: number): Uint8Array {
    const at = this.take(length);
    return this.bytes.subarray(at, at + length);
  }

  /** Padding and reserved members: their content is ignored on read. */
  skip(length: number): void {
    this.take(length);
  }

  /** An error naming this structure and one of its fields, for values the model cannot hold. */
  invalid(field: string, message: string): WinIoctlFormatError {
    return new WinIoctlFormatError(this.structure, `${field}: ${message}`);
  }

  private take(length: number): number {
    const at = this.offset;
    if (at + length > this.bytes.length) throw WinIoctlFormatError.tooShort(this.structure, at + length, this.bytes.length);
    this.offset = at + length;
    return at;
  }
}
