/**
 * How the tape driver reads a drive's answers: READ(6) outcomes, TEST UNIT READY states and the
 * tape sense table, from literal sense bytes as drives send them (fixed and descriptor format).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChangerError } from '../../../../src/shared/changerError.ts';
import { readinessFrom } from '../../../../src/driver/tape/tapeReadiness.ts';
import { readAnswer } from '../../../../src/driver/tape/tapeRecord.ts';
import { parseTapeSense, type TapeSense } from '../../../../src/driver/tape/tapeSense.ts';
import { tapeSenseToError } from '../../../../src/driver/tape/tapeSenseToError.ts';

const hex = (text: string): Uint8Array => Buffer.from(text.replace(/\s+/g, ''), 'hex');
/** Fixed sense: byte 0 (VALID|70h), byte 2 (FILEMARK 80h, EOM 40h, ILI 20h | key), INFORMATION 3–6, ASC 12, ASCQ 13. */
const fixed = (b0: string, b2: string, information: string, asc: string, ascq: string): Uint8Array =>
  hex(`${b0} 00 ${b2} ${information} 0A 00000000 ${asc} ${ascq} 00 000000`);

const checkCondition = (sense: Uint8Array, dataIn: Uint8Array = new Uint8Array(0)): { status: number; dataIn: Uint8Array; sense: Uint8Array } => ({ status: 2, dataIn, sense });
const noFailure = (sense: TapeSense | undefined): ChangerError => new ChangerError('IO_DEVICE_ERROR', `unexpected ${JSON.stringify(sense?.key)}`);

describe('READ(6) answers', () => {
  it('GOOD is a record of the bytes that arrived', () => {
    const bytes = Buffer.from('VOL1');
    assert.deepEqual(readAnswer({ status: 0, dataIn: bytes, residual: 65532 }, 65536, noFailure), { kind: 'data', bytes, recordLength: 4 });
  });

  it('NO SENSE with FILEMARK (00/01) is a filemark', () => {
    assert.deepEqual(readAnswer(checkCondition(fixed('F0', '80', '00010000', '00', '01')), 65536, noFailure), { kind: 'filemark' });
  });

  it('BLANK CHECK end-of-data (08/00/05) is the end of data', () => {
    assert.deepEqual(readAnswer(checkCondition(fixed('70', '08', '00000000', '00', '05')), 65536, noFailure), { kind: 'end-of-data' });
  });

  it('a longer record: its first bytes, and its length from the residue (SSC sign: requested − actual)', () => {
    const first = new Uint8Array(48).fill(0x41);
    const answer = readAnswer(checkCondition(fixed('F0', '20', 'FFFFFFB0', '00', '00'), first), 48, noFailure);
    assert.deepEqual(answer, { kind: 'data', bytes: first, recordLength: 128 });
  });

  it('a longer record whose device reports the residue as actual − requested gives the same length', () => {
    const first = new Uint8Array(48).fill(0x41);
    assert.deepEqual(readAnswer(checkCondition(fixed('F0', '20', '00000050', '00', '00'), first), 48, noFailure), { kind: 'data', bytes: first, recordLength: 128 });
  });

  it('a shorter record reported with ILI (SILI = 0) is the bytes that arrived', () => {
    const label = new Uint8Array(80).fill(0x20);
    assert.deepEqual(readAnswer(checkCondition(fixed('F0', '20', '00000398', '00', '00'), label), 1000, noFailure), { kind: 'data', bytes: label, recordLength: 80 });
  });

  it('descriptor-format sense: stream-commands descriptor and INFORMATION are read the same way', () => {
    // 72h, key 0, 00/00, additional length 24: information descriptor (00h, len 0Ah, VALID, 8-byte −80), stream descriptor (04h, len 02h, ILI).
    const sense = hex('72 00 00 00 000000 18  00 0A 80 00 FFFFFFFFFFFFFFB0  04 02 00 20');
    assert.deepEqual(parseTapeSense(sense), { key: 0, asc: 0, ascq: 0, raw: sense, filemark: false, endOfMedium: false, incorrectLength: true, information: -80 });
    const first = new Uint8Array(48);
    assert.deepEqual(readAnswer(checkCondition(sense, first), 48, noFailure), { kind: 'data', bytes: first, recordLength: 128 });
  });

  it('anything else is the failure the caller builds (medium error here)', () => {
    const failing = (sense: TapeSense | undefined): ChangerError => tapeSenseToError(sense as TapeSense, 'READ(6)');
    assert.throws(() => readAnswer(checkCondition(fixed('70', '03', '00000000', '11', '00')), 65536, failing), (e: ChangerError) => e.code === 'IO_DEVICE_ERROR' && e.message === 'READ(6): medium error (sense 3/11/00)');
    assert.throws(() => readAnswer({ status: 8, dataIn: new Uint8Array(0) }, 65536, noFailure), (e: ChangerError) => e.code === 'IO_DEVICE_ERROR');
  });
});

describe('TEST UNIT READY states', () => {
  const cases: [string, Uint8Array, string | undefined][] = [
    ['no cartridge 02/3A/00', fixed('70', '02', '00000000', '3A', '00'), 'no-medium'],
    ['loading 02/04/01', fixed('70', '02', '00000000', '04', '01'), 'becoming-ready'],
    ['cleaning cartridge 02/30/03', fixed('70', '02', '00000000', '30', '03'), 'cleaning'],
    ['not threaded 02/04/02', fixed('70', '02', '00000000', '04', '02'), 'not-ready'],
    ['hardware error 04/44/00: not a readiness', fixed('70', '04', '00000000', '44', '00'), undefined],
  ];
  for (const [what, sense, state] of cases) {
    it(what, () => assert.equal(readinessFrom(checkCondition(sense)), state));
  }
  it('GOOD is ready; BUSY is no readiness state', () => {
    assert.equal(readinessFrom({ status: 0, dataIn: new Uint8Array(0) }), 'ready');
    assert.equal(readinessFrom({ status: 8, dataIn: new Uint8Array(0) }), undefined);
  });
});

describe('tape sense table', () => {
  const cases: [number, number, number, string, string][] = [
    [0x2, 0x3a, 0x00, 'NO_MEDIA_IN_DEVICE', 'WRITE(6): no cartridge is loaded in the drive (sense 2/3A/00)'],
    [0x2, 0x30, 0x03, 'CLEANER_CARTRIDGE_INSTALLED', 'WRITE(6): a cleaning cartridge is in the drive (sense 2/30/03)'],
    [0x7, 0x27, 0x00, 'INVALID_DEVICE_REQUEST', 'WRITE(6): the cartridge is write-protected (sense 7/27/00)'],
    [0xd, 0x00, 0x02, 'INSUFFICIENT_RESOURCES', 'WRITE(6): the tape is full (end of partition): nothing more was written (sense D/00/02)'],
    [0x6, 0x28, 0x00, 'MEDIA_CHANGED', 'WRITE(6): the cartridge was changed: the tape position is lost (check readiness or rewind first) (sense 6/28/00)'],
    [0x5, 0x24, 0x00, 'INVALID_PARAMETER', 'WRITE(6): invalid field in the command (sense 5/24/00)'],
    [0x3, 0x30, 0x00, 'INVALID_DEVICE_REQUEST', 'WRITE(6): the cartridge is incompatible with this drive (sense 3/30/00)'],
    [0x9, 0x00, 0x00, 'IO_DEVICE_ERROR', 'WRITE(6): the device reported an error (sense 9/00/00)'],
  ];
  for (const [key, asc, ascq, code, message] of cases) {
    it(`${key.toString(16)}/${asc.toString(16)}/${ascq.toString(16)} → ${code}`, () => {
      const e = tapeSenseToError({ key, asc, ascq }, 'WRITE(6)');
      assert.equal(e.code, code);
      assert.equal(e.message, message);
      assert.deepEqual(e.sense, { key, asc, ascq });
    });
  }
});
