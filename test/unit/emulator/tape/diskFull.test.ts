/**
 * A host disk that fills up under the tapes: the write that does not fit is MEDIUM ERROR 0C/00
 * (nothing of it recorded), a filemark still fits, everything acknowledged before it reads back,
 * also after the library is reopened. The tapes directory is a 400 KiB tmpfs, so
 * this runs only where the test may mount one (root); elsewhere it is skipped.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { buildRead6Cdb, buildRewindCdb, buildWrite6Cdb, buildWriteFilemarks6Cdb } from '../../../../src/scsi/index.ts';
import { tempDir } from '../helpers.ts';
import { DriveHost } from './driveHost.ts';

const RECORD = 100_000;

function canMount(): boolean {
  return process.getuid?.() === 0 && process.platform === 'linux';
}

describe('host disk full', () => {
  it('a write the disk has no room for is 03/0C/00 and records nothing; what was acknowledged reads back, also after a restart', { skip: !canMount() && 'needs root to mount a small tmpfs' }, async () => {
    const { dir, remove } = await tempDir();
    const tapes = join(dir, 'tapes');
    await mkdir(tapes);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=400k', 'tmpfs', tapes]);
    try {
      const records: Buffer[] = [];
      const host = await DriveHost.open({ dir });
      try {
        await host.mount({ barcode: 'FULL01L8' });
        let failure: string | undefined;
        for (let i = 0; i < 10 && failure === undefined; i++) {
          const record = randomBytes(RECORD);
          const r = await host.run(buildWrite6Cdb({ transferLength: RECORD }), record);
          if (r.sense === undefined) records.push(record);
          else failure = `${r.sense.condition} ${String(r.sense.information)}`;
        }
        assert.equal(failure, `3/0c/00 ${RECORD}`);
        assert.ok(records.length >= 2);
        assert.equal((await host.run(buildWriteFilemarks6Cdb({ count: 1 }))).sense, undefined, 'a filemark still fits');
        await host.run(buildRewindCdb());
        for (const record of records) assert.ok((await host.run(buildRead6Cdb({ transferLength: RECORD }), undefined, RECORD)).data.equals(record));
      } finally {
        await host.close();
      }
      // After a restart the same: every acknowledged record, then the filemark.
      const again = await DriveHost.open({ dir });
      try {
        await again.settle();
        for (const record of records) assert.ok((await again.run(buildRead6Cdb({ transferLength: RECORD }), undefined, RECORD)).data.equals(record));
        assert.equal((await again.run(buildRead6Cdb({ transferLength: 1 }), undefined, 1)).sense?.condition, '0/00/01');
      } finally {
        await again.close();
      }
    } finally {
      execFileSync('umount', [tapes]);
      await remove();
    }
  });
});
