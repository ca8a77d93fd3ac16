import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LeReader, LeWriter, WinIoctlFormatError } from '../../../../src/driver/winioctl/index.ts';
import { assertFormatError, hex } from './fixtures.ts';

describe('LeReader', () => {
  it('reads little-endian fields in order', () => {
    const r = new LeReader('TEST', hex`01 02 03 04 05 06 07 08 09 fe ff ff ff ff ff ff ff`);
    assert.equal(r.u8(), 0x01);
    assert.equal(r.u16(), 0x0302);
    assert.equal(r.u32(), 0x07060504);
    r.skip(2);
    assert.equal(r.position, 9);
    assert.equal(r.i64(), -2n);
  });

  it('reads a Buffer that is a slice of a larger pool from its own first byte', () => {
    const pool = Buffer.from([0xaa, 0xbb, 0x2a, 0x00, 0x00, 0x00]);
    assert.equal(new LeReader('TEST', pool.subarray(2)).u32(), 42);
  });

  it('refuses to read past the end, naming the structure', () => {
    const r = new LeReader('TEST', hex`01 02 03`);
    r.u16();
    const e = assertFormatError(() => r.u16(), 'TEST', /needs 4 bytes, given 3/);
    assert.ok(e instanceof WinIoctlFormatError);
  });
});

describe('LeWriter', () => {
  it('writes little-endian fields in order into a zeroed buffer', () => {
    const w = new LeWriter('TEST', 18);
    w.u8(0x01, 'a').u16(0x0302, 'b').u32(0x07060504, 'c').skip(2).i64(-2n, 'd').bool(true);
    assert.deepEqual(w.finish(), hex`01 02 03 04 05 06 07 00 00 fe ff ff ff ff ff ff ff 01`);
  });

  it('refuses values outside their C type, naming the field', () => {
    const w = new LeWriter('TEST', 16);
    assertFormatError(() => w.u8(-1, 'Byte'), 'TEST', /Byte: -1 does not fit a UCHAR \(0–255\)/);
    assertFormatError(() => w.u16(0x10000, 'Word'), 'TEST', /Word: 65536 does not fit a USHORT/);
    assertFormatError(() => w.u32(0.5, 'Long'), 'TEST', /Long: 0.5 does not fit a ULONG/);
    assertFormatError(() => w.u32(Number.POSITIVE_INFINITY, 'Long'), 'TEST', /Long/);
    assertFormatError(() => w.i64(-(2n ** 63n) - 1n, 'Large'), 'TEST', /Large: .* LARGE_INTEGER/);
    assert.equal(w.position, 0);
  });

  it('refuses to write past the structure', () => {
    assertFormatError(() => new LeWriter('TEST', 2).u32(1, 'x'), 'TEST', /needs 4 bytes, given 2/);
  });
});
