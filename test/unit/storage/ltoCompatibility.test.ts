/**
 * The LTO drive × cartridge matrix, every cell, against the table of reference library-managers
 * §4.1 transcribed below as it is printed there (RW, R, –).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  LTO_DRIVE_TYPES, canClean, canRead, canWrite, driveTypeFromProduct, mediaAccess, mediaTypesRead, mediaTypesWritten,
} from '../../../src/storage/index.ts';

const COLUMNS = ['LTO-1', 'LTO-2', 'LTO-3', 'LTO-4', 'LTO-5', 'LTO-6', 'LTO-7', 'LTO-M8', 'LTO-8', 'LTO-9', 'LTO-10'];
const TABLE = `
LTO-1  | RW | –  | –  | –  | –  | –  | –  | –  | –  | –  | –
LTO-2  | RW | RW | –  | –  | –  | –  | –  | –  | –  | –  | –
LTO-3  | R  | RW | RW | –  | –  | –  | –  | –  | –  | –  | –
LTO-4  | –  | R  | RW | RW | –  | –  | –  | –  | –  | –  | –
LTO-5  | –  | –  | R  | RW | RW | –  | –  | –  | –  | –  | –
LTO-6  | –  | –  | –  | R  | RW | RW | –  | –  | –  | –  | –
LTO-7  | –  | –  | –  | –  | R  | RW | RW | –  | –  | –  | –
LTO-8  | –  | –  | –  | –  | –  | –  | RW | RW | RW | –  | –
LTO-9  | –  | –  | –  | –  | –  | –  | –  | –  | RW | RW | –
LTO-10 | –  | –  | –  | –  | –  | –  | –  | –  | –  | –  | RW`;

const EXPECTED: Record<string, 'read-write' | 'read-only' | 'none'> = { RW: 'read-write', R: 'read-only', '–': 'none' };

const rows = TABLE.trim().split('\n').map((line) => line.split('|').map((cell) => cell.trim()));

describe('LTO compatibility (reference §4.1)', () => {
  it('has a row for every drive generation', () => {
    assert.deepEqual(rows.map((r) => r[0]), [...LTO_DRIVE_TYPES]);
  });

  for (const [drive, ...cells] of rows) {
    it(`${drive}: ${cells.join(' ')}`, () => {
      cells.forEach((cell, i) => {
        const media = COLUMNS[i] as string;
        const access = EXPECTED[cell];
        assert.equal(mediaAccess(drive as string, media), access, `${drive} × ${media}`);
        assert.equal(canRead(drive as string, media), access !== 'none', `canRead ${drive} × ${media}`);
        assert.equal(canWrite(drive as string, media), access === 'read-write', `canWrite ${drive} × ${media}`);
        // WORM cartridges follow their generation's cell (there is no M8 WORM).
        if (media !== 'LTO-M8' && !['LTO-1', 'LTO-2'].includes(media)) assert.equal(mediaAccess(drive as string, `${media}-WORM`), access, `${drive} × ${media}-WORM`);
      });
    });
  }

  it('takes LTO-10 premium (PA) media in LTO-10 drives only', () => {
    assert.deepEqual(LTO_DRIVE_TYPES.filter((d) => canWrite(d, 'LTO-10-PA')), ['LTO-10']);
  });

  it('answers none for what it does not know, never throws', () => {
    assert.equal(mediaAccess('LTO-11', 'LTO-8'), 'none');
    assert.equal(mediaAccess('LTO-8', 'DLT-IV'), 'none');
    assert.equal(canRead('LTO-8', 'LTO-CLEANER'), false);
    assert.equal(canRead('', ''), false);
    assert.equal(mediaAccess('LTO-1', 'LTO-1-WORM'), 'none', 'there is no LTO-1 WORM cartridge');
  });

  it('lets the universal cleaner clean every LTO drive', () => {
    assert.ok(LTO_DRIVE_TYPES.every((d) => canClean(d, 'LTO-CLEANER')));
    assert.equal(canClean('LTO-8', 'LTO-8'), false);
    assert.equal(canClean('UDO-2', 'LTO-CLEANER'), false);
  });

  it('lists what a drive reads and writes, for the catalog\'s drive rows', () => {
    assert.deepEqual(mediaTypesWritten('LTO-8'), ['LTO-7', 'LTO-M8', 'LTO-8', 'LTO-7-WORM', 'LTO-8-WORM']);
    assert.deepEqual(mediaTypesRead('LTO-7'), ['LTO-5', 'LTO-6', 'LTO-7', 'LTO-5-WORM', 'LTO-6-WORM', 'LTO-7-WORM']);
    assert.deepEqual(mediaTypesWritten('LTO-7'), ['LTO-6', 'LTO-7', 'LTO-6-WORM', 'LTO-7-WORM']);
  });

  it('reads the generation from drive INQUIRY product strings', () => {
    assert.equal(driveTypeFromProduct('ULTRIUM-TD8'), 'LTO-8');
    assert.equal(driveTypeFromProduct('ULTRIUM-HH8'), 'LTO-8');
    assert.equal(driveTypeFromProduct('ULT3580-TD5'), 'LTO-5');
    assert.equal(driveTypeFromProduct('ULTRIUM-TD9'), 'LTO-9');
    assert.equal(driveTypeFromProduct('Ultrium 7-SCSI'), 'LTO-7');
    assert.equal(driveTypeFromProduct('Ultrium 8-SCSI'), 'LTO-8');
    assert.equal(driveTypeFromProduct('ULTRIUM 10'), 'LTO-10');
    assert.equal(driveTypeFromProduct('UDO2 DRIVE'), undefined);
    assert.equal(driveTypeFromProduct('ULTRIUM-TD12'), undefined);
  });
});
