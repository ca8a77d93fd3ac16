/**
 * Label recognition from a tape's first record, on literal records as labelling software writes
 * them, and the VOL1 record this project writes.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isChangerError } from '../../../src/shared/changerError.ts';
import { ansiVolumeLabel, recognizeLabel } from '../../../src/storage/mediumLabel.ts';

/** An 80-byte record from its text, exactly as written (no padding added). */
function record80(text: string): Uint8Array {
  assert.equal(text.length, 80, 'fixture must be 80 characters');
  return Buffer.from(text, 'ascii');
}

const SPACES = (n: number): string => ' '.repeat(n);

describe('recognizeLabel', () => {
  it('end of data at the first read is a blank tape', () => {
    assert.deepEqual(recognizeLabel('end-of-data'), { type: 'blank' });
  });

  it('a filemark first is a tape someone wrote (an empty first file)', () => {
    assert.deepEqual(recognizeLabel('filemark'), { type: 'foreign' });
  });

  it('an ANSI VOL1 label gives its volume identifier', () => {
    const vol1 = record80(`VOL1A00001${SPACES(27)}BACKUPTEAM${SPACES(32)}4`);
    assert.deepEqual(recognizeLabel(vol1), { type: 'ansi', volumeId: 'A00001' });
  });

  it('trailing spaces of a short volume identifier are trimmed, leading ones are not', () => {
    assert.deepEqual(recognizeLabel(record80(`VOL1AB    ${SPACES(69)}4`)), { type: 'ansi', volumeId: 'AB' });
    assert.deepEqual(recognizeLabel(record80(`VOL1  CD  ${SPACES(69)}4`)), { type: 'ansi', volumeId: '  CD' });
  });

  it('an LTFS tape (VOL1 with accessibility L and implementation LTFS) is recognised by its volume identifier', () => {
    const ltfs = record80(`VOL1LT0042L${SPACES(13)}LTFS${SPACES(9)}${SPACES(14)}${SPACES(28)}4`);
    assert.deepEqual(recognizeLabel(ltfs), { type: 'ansi', volumeId: 'LT0042' });
  });

  it('an IBM standard label in EBCDIC gives its volume serial', () => {
    const ibm = Buffer.alloc(80, 0x40);
    // "VOL1" "PRD001" in EBCDIC
    Buffer.from([0xe5, 0xd6, 0xd3, 0xf1, 0xd7, 0xd9, 0xc4, 0xf0, 0xf0, 0xf1]).copy(ibm, 0);
    assert.deepEqual(recognizeLabel(ibm), { type: 'ansi', volumeId: 'PRD001' });
  });

  it('a VOL1 record longer than 80 bytes (fixed-block padding) is still a label', () => {
    const padded = Buffer.concat([record80(`VOL1XY1234${SPACES(69)}4`), Buffer.alloc(432)]);
    assert.deepEqual(recognizeLabel(padded), { type: 'ansi', volumeId: 'XY1234' });
  });

  it('VOL1 shorter than 80 bytes, with an empty identifier or control characters is not a label', () => {
    assert.deepEqual(recognizeLabel(Buffer.from('VOL1A00001', 'ascii')), { type: 'foreign' });
    assert.deepEqual(recognizeLabel(record80(`VOL1${SPACES(6)}${SPACES(69)}4`)), { type: 'foreign' });
    const withNul = Buffer.from(record80(`VOL1A00001${SPACES(69)}4`));
    withNul[6] = 0x00;
    assert.deepEqual(recognizeLabel(withNul), { type: 'foreign' });
    assert.deepEqual(recognizeLabel(record80(`HDR1A00001${SPACES(69)}4`)), { type: 'foreign' });
  });

  it('an Amanda tape header gives its label', () => {
    const header = Buffer.alloc(32768);
    header.write('AMANDA: TAPESTART DATE 20240115093000 TAPE DailySet1-007\n\x0c\nTo restore, position tape at start of file and run:\n', 'latin1');
    assert.deepEqual(recognizeLabel(header), { type: 'amanda', label: 'DailySet1-007' });
  });

  it('a freshly amlabel-led Amanda tape has date X and still gives its label', () => {
    const header = Buffer.alloc(32768);
    header.write('AMANDA: TAPESTART DATE X TAPE vtape-01\n', 'latin1');
    assert.deepEqual(recognizeLabel(header), { type: 'amanda', label: 'vtape-01' });
  });

  it('an Amanda file header (not the tape start) is foreign', () => {
    const header = Buffer.alloc(32768);
    header.write('AMANDA: FILE 20240115093000 client.example /home lev 0 comp .gz program /bin/tar\n', 'latin1');
    assert.deepEqual(recognizeLabel(header), { type: 'foreign' });
  });

  it('tar data, an empty record and zeros are foreign', () => {
    const tar = Buffer.alloc(10240);
    tar.write('etc/hostname', 0, 'ascii');
    tar.write('ustar\u000000', 257, 'ascii');
    assert.deepEqual(recognizeLabel(tar), { type: 'foreign' });
    assert.deepEqual(recognizeLabel(new Uint8Array(0)), { type: 'foreign' });
    assert.deepEqual(recognizeLabel(new Uint8Array(80)), { type: 'foreign' });
  });

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, vol1) => {
        const record = vol1 ? Buffer.concat([Buffer.from('VOL1'), bytes]) : bytes;
        const label = recognizeLabel(record);
        assert.ok(['ansi', 'amanda', 'foreign'].includes(label.type));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('ansiVolumeLabel', () => {
  it('writes the 80-byte VOL1 record, byte for byte', () => {
    const expected = `VOL1A00001${SPACES(27)}BACKUPTEAM${SPACES(4)}${SPACES(28)}4`;
    assert.equal(Buffer.from(ansiVolumeLabel('A00001', 'BACKUPTEAM')).toString('latin1'), expected);
    assert.equal(Buffer.from(ansiVolumeLabel('CLN1')).toString('latin1'), `VOL1CLN1${SPACES(71)}4`);
  });

  it('refuses identifiers and owners a label cannot hold', () => {
    for (const bad of ['', 'A000011', 'a00001', ' A0001', 'A0001 ', 'ÄB', 'A\u0000']) {
      assert.throws(() => ansiVolumeLabel(bad), (e) => isChangerError(e, 'INVALID_PARAMETER'), bad);
    }
    assert.throws(() => ansiVolumeLabel('A00001', 'A'.repeat(15)), (e) => isChangerError(e, 'INVALID_PARAMETER'));
    assert.throws(() => ansiVolumeLabel('A00001', 'lower'), (e) => isChangerError(e, 'INVALID_PARAMETER'));
  });

  it('every label it writes is recognised with the same identifier', () => {
    const aChar = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !"%&\'()*+,-./:;<=>?_');
    const volumeId = fc
      .array(aChar, { minLength: 1, maxLength: 6 })
      .map((cs) => cs.join(''))
      .filter((s) => s.trim() === s);
    const owner = fc.array(aChar, { maxLength: 14 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(volumeId, owner, (id, who) => {
        const label = ansiVolumeLabel(id, who);
        assert.equal(label.length, 80);
        assert.equal(label[79], 0x34);
        assert.deepEqual(recognizeLabel(label), { type: 'ansi', volumeId: id });
      }),
      { numRuns: 1000 },
    );
  });
});
