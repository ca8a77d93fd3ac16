import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as scsi from '../../../../src/scsi/index.ts';
import { ScsiFormatError } from '../../../../src/scsi/index.ts';
import { expectParsesOrFormatError, record, u8 } from '../arbitraries.ts';

const hex = (text: string) => Buffer.from(text.replace(/ /g, ''), 'hex');

function rejects(parse: (cdb: Buffer) => unknown, cdb: string, byte: number, bit?: number): void {
  assert.throws(
    () => parse(hex(cdb)),
    (e: unknown) => {
      assert.ok(e instanceof ScsiFormatError, String(e));
      assert.equal(e.location, 'cdb');
      assert.deepEqual(e.field, bit === undefined ? { byte } : { byte, bit });
      return true;
    },
  );
}

// ---- literal fixtures: what Linux st / mt-st send ----

test('REWIND: mt rewind sends 01 00 00 00 00 00; IMMED is byte 1 bit 0', () => {
  assert.deepEqual(scsi.buildRewindCdb(), hex('01 00 00 00 00 00'));
  assert.deepEqual(scsi.buildRewindCdb({ immediate: true }), hex('01 01 00 00 00 00'));
  assert.deepEqual(scsi.parseRewindCdb(hex('01 01 00 00 00 00')), { immediate: true, control: 0 });
  rejects(scsi.parseRewindCdb, '01 02 00 00 00 00', 1, 1);
  rejects(scsi.parseRewindCdb, '01 00 00 01 00 00', 3, 0);
  assert.throws(() => scsi.parseRewindCdb(hex('01 00 00 00 00 00').subarray(0, 5)), /REWIND CDB/);
});

test('READ BLOCK LIMITS: 05 00 00 00 00 00; MLOC (byte 1 bit 0) is refused', () => {
  assert.deepEqual(scsi.buildReadBlockLimitsCdb(), hex('05 00 00 00 00 00'));
  assert.deepEqual(scsi.parseReadBlockLimitsCdb(hex('05 00 00 00 00 00')), { control: 0 });
  rejects(scsi.parseReadBlockLimitsCdb, '05 01 00 00 00 00', 1, 0);
});

test('READ(6): st reads a 64 KiB variable record as 08 00 01 00 00 00; SILI bit 1, FIXED bit 0', () => {
  assert.deepEqual(scsi.buildRead6Cdb({ transferLength: 0x10000 }), hex('08 00 01 00 00 00'));
  assert.deepEqual(scsi.buildRead6Cdb({ transferLength: 80, suppressIncorrectLength: true }), hex('08 02 00 00 50 00'));
  assert.deepEqual(scsi.parseRead6Cdb(hex('08 01 00 00 0a 00')), { suppressIncorrectLength: false, fixed: true, transferLength: 10, control: 0 });
  assert.deepEqual(scsi.parseRead6Cdb(hex('08 03 ff ff ff 00')), { suppressIncorrectLength: true, fixed: true, transferLength: 0xffffff, control: 0 });
  rejects(scsi.parseRead6Cdb, '08 04 00 00 0a 00', 1, 2);
});

test('WRITE(6): an 80-byte variable record is 0A 00 00 00 50 00', () => {
  assert.deepEqual(scsi.buildWrite6Cdb({ transferLength: 80 }), hex('0a 00 00 00 50 00'));
  assert.deepEqual(scsi.parseWrite6Cdb(hex('0a 01 00 02 00 00')), { fixed: true, transferLength: 512, control: 0 });
  rejects(scsi.parseWrite6Cdb, '0a 02 00 00 50 00', 1, 1);
});

test('WRITE FILEMARKS(6): mt weof 2 sends 10 00 00 00 02 00; WSMK bit 1, IMMED bit 0', () => {
  assert.deepEqual(scsi.buildWriteFilemarks6Cdb({ count: 2 }), hex('10 00 00 00 02 00'));
  assert.deepEqual(scsi.buildWriteFilemarks6Cdb({ count: 1, immediate: true }), hex('10 01 00 00 01 00'));
  assert.deepEqual(scsi.parseWriteFilemarks6Cdb(hex('10 02 00 00 01 00')), { setmarks: true, immediate: false, count: 1, control: 0 });
  rejects(scsi.parseWriteFilemarks6Cdb, '10 04 00 00 01 00', 1, 2);
});

test('SPACE(6): mt fsf 1, mt bsf 1 (count −1 as FF FF FF), mt eod; setmark codes are refused', () => {
  assert.deepEqual(scsi.buildSpace6Cdb({ code: scsi.SpaceCode.FILEMARKS, count: 1 }), hex('11 01 00 00 01 00'));
  assert.deepEqual(scsi.buildSpace6Cdb({ code: scsi.SpaceCode.FILEMARKS, count: -1 }), hex('11 01 ff ff ff 00'));
  assert.deepEqual(scsi.buildSpace6Cdb({ code: scsi.SpaceCode.END_OF_DATA }), hex('11 03 00 00 00 00'));
  assert.deepEqual(scsi.parseSpace6Cdb(hex('11 00 80 00 00 00')), { code: 0, count: -0x800000, control: 0 });
  assert.deepEqual(scsi.parseSpace6Cdb(hex('11 00 7f ff ff 00')), { code: 0, count: 0x7fffff, control: 0 });
  assert.deepEqual(scsi.parseSpace6Cdb(hex('11 22 00 00 03 00')), { code: 2, count: 3, control: 0 }, 'obsolete LUN bits are ignored');
  rejects(scsi.parseSpace6Cdb, '11 04 00 00 01 00', 1, 3);
  rejects(scsi.parseSpace6Cdb, '11 10 00 00 01 00', 1, 4);
  assert.throws(() => scsi.buildSpace6Cdb({ code: 0, count: 0x800000 }), RangeError);
});

test('LOAD UNLOAD: mt offline sends 1B 00 00 00 00 00, mt load 1B 00 00 00 01 00', () => {
  assert.deepEqual(scsi.buildLoadUnloadCdb({ load: false }), hex('1b 00 00 00 00 00'));
  assert.deepEqual(scsi.buildLoadUnloadCdb({ load: true }), hex('1b 00 00 00 01 00'));
  assert.deepEqual(scsi.buildLoadUnloadCdb({ load: false, immediate: true, hold: true }), hex('1b 01 00 00 08 00'));
  assert.deepEqual(scsi.parseLoadUnloadCdb(hex('1b 00 00 00 06 00')), {
    immediate: false,
    hold: false,
    endOfTape: true,
    retension: true,
    load: false,
    control: 0,
  });
  rejects(scsi.parseLoadUnloadCdb, '1b 00 00 00 10 00', 4, 4);
  rejects(scsi.parseLoadUnloadCdb, '1b 00 01 00 00 00', 2, 0);
});

test('READ POSITION: short form is 34 00 …; the long form service action passes, reserved ones do not', () => {
  assert.deepEqual(scsi.buildReadPositionCdb(), hex('34 00 00 00 00 00 00 00 00 00'));
  assert.deepEqual(scsi.parseReadPositionCdb(hex('34 06 00 00 00 00 00 00 00 00')), { form: scsi.ReadPositionForm.LONG, allocationLength: 0, control: 0 });
  assert.deepEqual(scsi.buildReadPositionCdb({ form: scsi.ReadPositionForm.EXTENDED, allocationLength: 32 }), hex('34 08 00 00 00 00 00 00 20 00'));
  rejects(scsi.parseReadPositionCdb, '34 02 00 00 00 00 00 00 00 00', 1, 4);
  rejects(scsi.parseReadPositionCdb, '34 20 00 00 00 00 00 00 00 00', 1, 5);
  rejects(scsi.parseReadPositionCdb, '34 00 00 01 00 00 00 00 00 00', 3, 0);
});

test('opcode names keep the changer meaning of shared codes; the drive codes have their own', () => {
  assert.equal(scsi.opcodeName(0x01), 'REZERO UNIT');
  assert.equal(scsi.opcodeName(0x1b), 'OPEN CLOSE IMPORT EXPORT ELEMENT');
  assert.equal(scsi.opcodeName(0x08), 'READ(6)');
  assert.equal(scsi.opcodeName(0x10), 'WRITE FILEMARKS(6)');
  assert.equal(scsi.opcodeName(0x34), 'READ POSITION');
  assert.deepEqual([0x05, 0x0a, 0x11, 0x34].map(scsi.cdbLength), [6, 6, 6, 10]);
});

// ---- properties ----

interface Codec<T> {
  name: string;
  opcode: number;
  build: (value: T) => Buffer;
  parse: (cdb: Buffer) => T;
  arb: fc.Arbitrary<T>;
}

const codec = <T>(c: Codec<T>): Codec<unknown> => c as Codec<unknown>;
const u24 = fc.integer({ min: 0, max: 0xffffff });

const codecs: Codec<unknown>[] = [
  codec({ name: 'REWIND', opcode: 0x01, build: scsi.buildRewindCdb, parse: scsi.parseRewindCdb, arb: record({ immediate: fc.boolean(), control: u8 }) }),
  codec({ name: 'READ BLOCK LIMITS', opcode: 0x05, build: scsi.buildReadBlockLimitsCdb, parse: scsi.parseReadBlockLimitsCdb, arb: record({ control: u8 }) }),
  codec({
    name: 'READ(6)',
    opcode: 0x08,
    build: scsi.buildRead6Cdb,
    parse: scsi.parseRead6Cdb,
    arb: record({ suppressIncorrectLength: fc.boolean(), fixed: fc.boolean(), transferLength: u24, control: u8 }),
  }),
  codec({ name: 'WRITE(6)', opcode: 0x0a, build: scsi.buildWrite6Cdb, parse: scsi.parseWrite6Cdb, arb: record({ fixed: fc.boolean(), transferLength: u24, control: u8 }) }),
  codec({
    name: 'WRITE FILEMARKS(6)',
    opcode: 0x10,
    build: scsi.buildWriteFilemarks6Cdb,
    parse: scsi.parseWriteFilemarks6Cdb,
    arb: record({ setmarks: fc.boolean(), immediate: fc.boolean(), count: u24, control: u8 }),
  }),
  codec({
    name: 'SPACE(6)',
    opcode: 0x11,
    build: scsi.buildSpace6Cdb,
    parse: scsi.parseSpace6Cdb,
    arb: record({ code: fc.integer({ min: 0, max: 3 }) as fc.Arbitrary<scsi.SpaceCode>, count: fc.integer({ min: -0x800000, max: 0x7fffff }), control: u8 }),
  }),
  codec({
    name: 'LOAD UNLOAD',
    opcode: 0x1b,
    build: scsi.buildLoadUnloadCdb,
    parse: scsi.parseLoadUnloadCdb,
    arb: record({ immediate: fc.boolean(), hold: fc.boolean(), endOfTape: fc.boolean(), retension: fc.boolean(), load: fc.boolean(), control: u8 }),
  }),
  codec({
    name: 'READ POSITION',
    opcode: 0x34,
    build: scsi.buildReadPositionCdb,
    parse: scsi.parseReadPositionCdb,
    arb: record({ form: fc.constantFrom(0, 1, 6, 8) as fc.Arbitrary<scsi.ReadPositionForm>, allocationLength: fc.integer({ min: 0, max: 0xffff }), control: u8 }),
  }),
];

for (const c of codecs) {
  test(`property: ${c.name} CDB round-trips and has the group length`, () => {
    fc.assert(
      fc.property(c.arb, (value) => {
        const cdb = c.build(value);
        assert.equal(cdb[0], c.opcode);
        assert.equal(cdb.length, scsi.cdbLength(c.opcode));
        assert.deepEqual(c.parse(cdb), value);
      }),
    );
  });

  test(`property: random bytes into the ${c.name} parser parse or throw a CDB ScsiFormatError`, () => {
    const length = scsi.cdbLength(c.opcode) ?? 16;
    expectParsesOrFormatError(c.parse, 16, [[c.opcode], [c.opcode, 0], [c.opcode, 0, 0, 0, 0, 0, 0, 0, 0, 0].slice(0, length - 1)]);
  });
}
