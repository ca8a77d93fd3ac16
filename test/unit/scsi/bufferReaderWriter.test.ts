import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BufferReader } from '../../../src/scsi/bufferReader.ts';
import { BufferWriter } from '../../../src/scsi/bufferWriter.ts';
import { ScsiFormatError } from '../../../src/scsi/scsiFormatError.ts';

test('writer emits big-endian fields and grows past its initial capacity', () => {
  const w = new BufferWriter(2);
  w.uint8(0x01).uint16(0x0203).uint24(0x040506).uint32(0x0708090a).uint64(0x0b0c0d0e0f101112n).zeros(2);
  assert.deepEqual(
    w.toBuffer(),
    Buffer.from([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0, 0]),
  );
});

test('writer pads fixed-width text with spaces and patches length fields', () => {
  const w = new BufferWriter();
  w.uint8(0).paddedText('IET', 8).patch(0, 1, 8);
  assert.deepEqual(w.toBuffer(), Buffer.from('\x08IET     ', 'latin1'));
});

test('writer refuses values that do not fit their field', () => {
  assert.throws(() => new BufferWriter().uint8(256), RangeError);
  assert.throws(() => new BufferWriter().uint16(-1), RangeError);
  assert.throws(() => new BufferWriter().uint24(0x1000000), RangeError);
  assert.throws(() => new BufferWriter().paddedText('TOO-LONG-VENDOR', 8), RangeError);
  assert.throws(() => new BufferWriter().text('\u20ac'), RangeError);
});

test('a writer into a window fills the caller\'s buffer in place and refuses to pass the window\'s end', () => {
  const target = Buffer.alloc(12, 0xee);
  const w = BufferWriter.into(target, 2, 10);
  w.uint16(0x0102).paddedText('AB', 4).zeros(2);
  assert.equal(w.offset, 10);
  assert.deepEqual(target, Buffer.from([0xee, 0xee, 0x01, 0x02, 0x41, 0x42, 0x20, 0x20, 0, 0, 0xee, 0xee]));
  assert.throws(() => w.uint8(1), RangeError);
  assert.equal(target[10], 0xee, 'nothing written past the window');
});

test('claim moves past bytes the caller sets itself, growing the writer first', () => {
  const w = new BufferWriter(1).uint8(0xaa);
  const at = w.offset;
  const b = w.claim(3);
  b[at] = 1;
  b[at + 1] = 2;
  b[at + 2] = 3;
  assert.deepEqual(w.uint8(0xbb).toBuffer(), Buffer.from([0xaa, 1, 2, 3, 0xbb]));
  assert.throws(() => BufferWriter.into(Buffer.alloc(2)).claim(3), RangeError);
});

test('reader reads what the writer wrote', () => {
  const r = new BufferReader(Buffer.from([0xb8, 0x01, 0xf4, 0x00, 0x00, 0xd0, 0x41, 0x20, 0x00]), 'sample');
  assert.equal(r.uint8(), 0xb8);
  assert.equal(r.uint16(), 0x01f4);
  assert.equal(r.uint24(), 0x0000d0);
  assert.equal(r.paddedText(3), 'A');
  assert.equal(r.remaining, 0);
});

test('reader names the structure and offset when the bytes run out', () => {
  const r = new BufferReader(Buffer.from([1, 2, 3]), 'element status header');
  r.skip(2);
  assert.throws(
    () => r.uint16(),
    (e: unknown) => e instanceof ScsiFormatError && e.structure === 'element status header' && e.field?.byte === 2 && /truncated/.test(e.message),
  );
});

test('reserved bits point at the left-most offending bit', () => {
  const r = new BufferReader(Buffer.from([0x00, 0x24]), 'MOVE MEDIUM CDB', 'cdb');
  r.byteWithReserved(0xff);
  assert.throws(
    () => r.byteWithReserved(0xfe),
    (e: unknown) => e instanceof ScsiFormatError && e.location === 'cdb' && e.field?.byte === 1 && e.field.bit === 5,
  );
});

test('sub-readers keep offsets relative to the outer structure', () => {
  const r = new BufferReader(Buffer.from([9, 9, 1, 2]), 'outer');
  r.skip(2);
  const inner = r.sub(2, 'inner');
  assert.equal(inner.offset, 2);
  assert.equal(inner.uint8(), 1);
  assert.equal(r.remaining, 0);
  assert.throws(() => inner.uint16(), (e: unknown) => e instanceof ScsiFormatError && e.structure === 'inner' && e.field?.byte === 3);
});

test('bytes() returns a copy, not a view of the caller buffer', () => {
  const source = Buffer.from([1, 2, 3]);
  const copy = new BufferReader(source, 's').bytes(3);
  source[0] = 99;
  assert.equal(copy[0], 1);
});
