/**
 * Bad input never crashes the drive: any CDB of a data-path opcode with any bytes after it, any
 * data-out, on a loaded tape in any position, answers GOOD or CHECK CONDITION — never an internal
 * error (04/44/00) and never a throw — and what was acknowledged stays readable.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ScsiStatus } from '../../../../src/scsi/index.ts';
import { DriveHost } from './driveHost.ts';

/** FORMAT MEDIUM, READ(6), WRITE(6), SET CAPACITY, WRITE FILEMARKS(6), SPACE(6), ERASE(6), LOCATE(10), READ POSITION, READ(16), WRITE(16), SPACE(16), LOCATE(16), REWIND. */
const OPCODES = [0x04, 0x08, 0x0a, 0x0b, 0x10, 0x11, 0x19, 0x2b, 0x34, 0x88, 0x8a, 0x91, 0x92, 0x01];

/**
 * Small counts nine times in ten, so data-out can match them and a WRITE FILEMARKS of up to 16
 * million marks (legal, and slow in bulk) stays rare.
 */
const cdb = fc.tuple(fc.constantFrom(...OPCODES), fc.uint8Array({ minLength: 0, maxLength: 15 }), fc.integer({ min: 0, max: 9 })).map(([opcode, rest, dice]) => {
  const bytes = Uint8Array.from([opcode, ...rest]);
  if (dice > 0 && bytes.length >= 5) bytes.fill(0, 2, 4);
  return bytes;
});

describe('malformed tape CDBs', () => {
  it('property: any data-path CDB and data-out answers GOOD or CHECK CONDITION with no internal error', async () => {
    const host = await DriveHost.open();
    try {
      await host.mount({ barcode: 'FUZZ01L8', volumeLabel: 'FUZZ01', records: [Buffer.from('one'), Buffer.from('two')] });
      await fc.assert(
        fc.asyncProperty(cdb, fc.uint8Array({ maxLength: 600 }), async (bytes, dataOut) => {
          const r = await host.execute(bytes, dataOut, 0x10000);
          assert.ok(r.status === ScsiStatus.GOOD || r.status === ScsiStatus.CHECK_CONDITION, `status ${r.status} for ${Buffer.from(bytes).toString('hex')}`);
          assert.deepEqual(host.lib.drives[0]?.internalErrors, [], Buffer.from(bytes).toString('hex'));
        }),
        { numRuns: 2000 },
      );
    } finally {
      await host.close();
    }
  });
});
