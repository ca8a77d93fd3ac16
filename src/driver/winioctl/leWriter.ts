import { WinIoctlFormatError } from './winIoctlFormatError.ts';

const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/**
 * Writes little-endian fields in order into a zero-filled buffer of the structure's exact size, so
 * padding and reserved members are zero without being written. Every value is range-checked: a
 * silently truncated USHORT would send the device to the wrong element.
 */
export class LeWriter {
  readonly structure: string;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private offset = 0;

  constructor(structure: string, length: number) {
    this.structure = structure;
    this.bytes = new Uint8Array(length);
    this.view = new DataView(this.bytes.buffer);
  }

  get position(): number {
    return this.offset;
  }

  u8(value: number, field: string): this {
    this.checkInteger(value, 0, 0xff, field, 'a UCHAR');
    this.view.setUint8(this.take(1), value);
    return this;
  }

  u16(value: number, field: string): this {
    this.checkInteger(value, 0, U16_MAX, field, 'a USHORT');
    this.view.setUint16(this.take(2), value, true);
    return this;
  }

  u32(value: number, field: string): this {
    this.checkInteger(value, 0, U32_MAX, field, 'a ULONG');
    this.view.setUint32(this.take(4), value, true);
    return this;
  }

  i64(value: bigint, field: string): this {
    if (value < I64_MIN || value > I64_MAX) throw this.invalid(field, `${value} does not fit a LARGE_INTEGER`);
    this.view.setBigInt64(this.take(8), value, true);
    return this;
  }

  bool(value: boolean): this {
    this.view.setUint8(this.take(1), value ? 1 : 0);
    return this;
  }

  bytesOf(value: Uint8Array): this {
    this.bytes.set(value, this.take(value.length));
    return this;
  }

  /** Padding and reserved members: left zero, as the structures require. */
  skip(length: number): this {
    this.take(length);
    return this;
  }

  /** The finished structure. */
  finish(): Uint8Array {
    return this.bytes;
  }

  invalid(field: string, message: string): WinIoctlFormatError {
    return new WinIoctlFormatError(this.structure, `${field}: ${message}`);
  }

  private checkInteger(value: number, min: number, max: number, field: string, kind: string): void {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw this.invalid(field, `${value} does not fit ${kind} (${min}–${max})`);
    }
  }

  private take(length: number): number {
    const at = this.offset;
    // Only a layout mistake in this folder can get here; the message still names the structure.
    if (at + length > this.bytes.length) throw WinIoctlFormatError.tooShort(this.structure, at + length, this.bytes.length);
    this.offset = at + length;
    return at;
  }
}
