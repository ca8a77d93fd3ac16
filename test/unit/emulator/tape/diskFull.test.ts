/**
 * A host disk that fills up under the tapes: the write that does not fit is MEDIUM ERROR 0C/00
 * (nothing of it recorded), a filemark still fits, everything acknowledged before it reads back,
 * also after the library is reopened. The tapes directory is a 400 KiB tmpfs, so
 * this runs only where the test may mount one (root); elsewhere it is skipped.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { statfsSync, statSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createCartridge } from '../../../../src/emulator/cartridge.ts';
import { loadProfile, type TapeEvent } from '../../../../src/emulator/index.ts';
import { OPEN_TAPES_MAX, TapeShelf, type TapeSyncFailure } from '../../../../src/emulator/tape/tapeShelf.ts';
import { buildLoadUnloadCdb, buildRead6Cdb, buildRewindCdb, buildTestUnitReadyCdb, buildWrite6Cdb, buildWriteFilemarks6Cdb } from '../../../../src/scsi/index.ts';
import { MediumFormat, buildFormatMediumCdb } from '../../../../src/scsi/ssc/formatMedium.ts';
import { tempDir } from '../helpers.ts';
import { DriveHost } from './driveHost.ts';

const RECORD = 100_000;
/** Bytes of one filemark entry in a tape file (recordFormat.ts). */
const FILEMARK_BYTES = 20;

function canMount(): boolean {
  return process.getuid?.() === 0 && process.platform === 'linux';
}

/** Root with loop devices: a disk whose writes can fail only when flushed. */
function canLoop(): boolean {
  if (!canMount()) return false;
  try {
    execFileSync('losetup', ['-f']);
    execFileSync('mkfs.ext4', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
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

  it('WRITE FILEMARKS the disk has room for only in part is 03/0C/00 and leaves the file as it was: the next record follows the data, and after a restart end of data follows it', { skip: !canMount() && 'needs root to mount a small tmpfs' }, async () => {
    const { dir, remove } = await tempDir();
    const tapes = join(dir, 'tapes');
    await mkdir(tapes);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=400k', 'tmpfs', tapes]);
    try {
      const free = (): number => {
        const fs = statfsSync(tapes);
        return fs.bavail * fs.bsize;
      };
      const host = await DriveHost.open({ dir });
      const first = randomBytes(1000);
      const last = randomBytes(1000);
      let file = '';
      let fillerLength = 0;
      try {
        await host.mount({ barcode: 'MARK01L8' });
        assert.equal((await host.run(buildWrite6Cdb({ transferLength: first.length }), first)).sense, undefined);
        // A filler that leaves 32 KiB: the first 1024 filemarks (20 KiB) are written, the next 1024 are not.
        const filler = randomBytes(free() - 32 * 1024);
        fillerLength = filler.length;
        assert.equal((await host.run(buildWrite6Cdb({ transferLength: filler.length }), filler)).sense, undefined);
        assert.equal(free(), 32 * 1024);
        file = join(tapes, (await readdir(tapes))[0] ?? '');
        const size = statSync(file).size;
        const marks = await host.run(buildWriteFilemarks6Cdb({ count: 3000 }));
        assert.equal(`${marks.sense?.condition} ${String(marks.sense?.information)}`, '3/0c/00 3000');
        assert.equal(statSync(file).size, size, 'none of the 3000 filemarks stays in the file');
        assert.equal(3000 * FILEMARK_BYTES > 32 * 1024, true);
        assert.equal((await host.run(buildWrite6Cdb({ transferLength: last.length }), last)).sense, undefined);
        assert.equal(statSync(file).size, size + FILEMARK_BYTES + last.length);
      } finally {
        await host.close();
      }
      const again = await DriveHost.open({ dir });
      try {
        await again.settle();
        assert.ok((await again.run(buildRead6Cdb({ transferLength: first.length }), undefined, first.length)).data.equals(first));
        const filler = await again.run(buildRead6Cdb({ transferLength: 1 }), undefined, 1);
        assert.equal(`${filler.sense?.condition} ${String(filler.sense?.information)}`, `0/00/00 ${1 - fillerLength}`, 'the filler, longer than asked');
        assert.ok((await again.run(buildRead6Cdb({ transferLength: last.length }), undefined, last.length)).data.equals(last));
        assert.equal((await again.run(buildRead6Cdb({ transferLength: 1 }), undefined, 1)).sense?.condition, '8/00/05', 'end of data, not a filemark left over');
      } finally {
        await again.close();
      }
    } finally {
      execFileSync('umount', [tapes]);
      await remove();
    }
  });

  it('FORMAT MEDIUM the disk has no room for (no inode for a new file) is 03/0C/00 and leaves the tape as it was, readable and writable, also after a restart; with room it formats', { skip: !canMount() && 'needs root to mount a small tmpfs' }, async () => {
    const { dir, remove } = await tempDir();
    const tapes = join(dir, 'tapes');
    await mkdir(tapes);
    // Room for the directory and one file: the cartridge's partition 0.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=400k,nr_inodes=2', 'tmpfs', tapes]);
    try {
      const host = await DriveHost.open({ dir });
      try {
        await host.mount({ barcode: 'FMT001L8' });
        assert.equal((await host.run(buildWrite6Cdb({ transferLength: 3 }), Buffer.from('old'))).sense, undefined);
        await host.run(buildRewindCdb());
        const drive = host.lib.drives[0]?.drive;
        assert.ok(drive !== undefined);
        drive.settings.pendingPartitions = [1e9, undefined];
        const refused = await host.run(buildFormatMediumCdb({ format: MediumFormat.PARTITION }));
        assert.equal(`${refused.sense?.condition} ${String(refused.sense?.information)}`, '3/0c/00 0');
        assert.equal((await host.run(buildTestUnitReadyCdb())).sense, undefined);
        assert.deepEqual(drive.tape.partitionSizes, [12e12]);
        assert.equal((await host.run(buildRead6Cdb({ transferLength: 3 }), undefined, 3)).data.toString(), 'old');
        assert.equal((await host.run(buildWrite6Cdb({ transferLength: 3 }), Buffer.from('new'))).sense, undefined);
        assert.deepEqual(await readdir(tapes), ['20-FMT001L8.p0.tape']);
      } finally {
        await host.close();
      }
      const again = await DriveHost.open({ dir });
      try {
        await again.settle();
        assert.equal((await again.run(buildRead6Cdb({ transferLength: 3 }), undefined, 3)).data.toString(), 'old');
        assert.equal((await again.run(buildRead6Cdb({ transferLength: 3 }), undefined, 3)).data.toString(), 'new');
        await again.run(buildRewindCdb());
        // Room for the old file and the two new ones while they change places.
        execFileSync('mount', ['-o', 'remount,nr_inodes=4', tapes]);
        const drive = again.lib.drives[0]?.drive;
        assert.ok(drive !== undefined);
        drive.settings.pendingPartitions = [1e9, undefined];
        assert.equal((await again.run(buildFormatMediumCdb({ format: MediumFormat.PARTITION }))).sense, undefined);
        assert.deepEqual(drive.tape.partitionSizes, [1e9, 12e12 - 1e9]);
        assert.equal((await again.run(buildRead6Cdb({ transferLength: 3 }), undefined, 3)).sense?.condition, '8/00/05');
        assert.deepEqual((await readdir(tapes)).sort(), ['20-FMT001L8.p0.tape', '20-FMT001L8.p1.tape']);
      } finally {
        await again.close();
      }
    } finally {
      execFileSync('umount', [tapes]);
      await remove();
    }
  });

  it('UNLOAD whose flush the host disk fails (fsync ENOSPC) is 03/0C/00, the cartridge stays and the operator hears sync-failed; another UNLOAD takes it out', { skip: !canLoop() && 'needs root and loop devices' }, async () => {
    const { dir, remove } = await tempDir();
    const backing = join(dir, 'backing');
    const tapes = join(dir, 'tapes');
    await mkdir(backing);
    await mkdir(tapes);
    // An ext4 of 16 MiB whose loop device lies on a 3 MiB tmpfs: writes land in the page cache, their fsync fails.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', backing]);
    let loop = '';
    try {
      const image = join(backing, 'disk.img');
      execFileSync('truncate', ['-s', '16M', image]);
      execFileSync('mkfs.ext4', ['-q', '-F', '-O', '^has_journal', '-E', 'nodiscard,lazy_itable_init=0', image]);
      loop = execFileSync('losetup', ['-f', '--show', image]).toString().trim();
      execFileSync('mount', [loop, tapes]);
      const host = await DriveHost.open({ dir });
      const events: TapeEvent[] = [];
      host.lib.onTapeEvent((event) => events.push(event));
      try {
        await host.mount({ barcode: 'SYNC01L8' });
        for (let i = 0; i < 6; i++) assert.equal((await host.run(buildWrite6Cdb({ transferLength: 1_000_000 }), randomBytes(1_000_000))).sense, undefined);
        const unload = await host.run(buildLoadUnloadCdb({ load: false }));
        assert.equal(`${unload.sense?.condition} ${String(unload.sense?.information)}`, '3/0c/00 0');
        assert.equal(host.lib.drives[0]?.drive.runtime.loaded, true, 'still threaded');
        assert.deepEqual(
          events.map((e) => (e.kind === 'sync-failed' ? `${e.kind} ${e.cartridge} ${e.when} ${/ENOSPC/.test(e.message)}` : e.kind)),
          ['sync-failed SYNC01L8 unload true'],
        );
        assert.equal((await host.run(buildLoadUnloadCdb({ load: false }))).sense, undefined);
        assert.equal(host.lib.drives[0]?.drive.runtime.loaded, false, 'unthreaded for the robot');
        assert.equal(events.length, 1);
      } finally {
        await host.close().catch(() => undefined);
      }
    } finally {
      if (loop !== '') {
        execFileSync('umount', [tapes]);
        execFileSync('losetup', ['-d', loop]);
      }
      execFileSync('umount', [backing]);
      await remove();
    }
  });

  it(`a tape closed to keep ${OPEN_TAPES_MAX} open whose fsync fails is reported as sync-failed 'closed'`, { skip: !canLoop() && 'needs root and loop devices' }, async () => {
    const { dir, remove } = await tempDir();
    const backing = join(dir, 'backing');
    const tapes = join(dir, 'tapes');
    await mkdir(backing);
    await mkdir(tapes);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', backing]);
    let loop = '';
    try {
      const image = join(backing, 'disk.img');
      execFileSync('truncate', ['-s', '16M', image]);
      execFileSync('mkfs.ext4', ['-q', '-F', '-O', '^has_journal', '-E', 'nodiscard,lazy_itable_init=0', image]);
      loop = execFileSync('losetup', ['-f', '--show', image]).toString().trim();
      execFileSync('mount', [loop, tapes]);
      const profile = await loadProfile('library-24');
      const cartridges = Array.from({ length: OPEN_TAPES_MAX + 1 }, (_, i) => createCartridge(i + 1, { barcode: `C${String(i).padStart(5, '0')}L8` }, 50));
      // Every file made (and synced) while the disk has room.
      const first = TapeShelf.inDirectory(profile, dir);
      for (const c of cartridges) first.tapeOf(c);
      first.close();
      const shelf = TapeShelf.inDirectory(profile, dir);
      const failures: TapeSyncFailure[] = [];
      shelf.onSyncFailure((failure) => failures.push(failure));
      const oldest = cartridges[0];
      const newest = cartridges[OPEN_TAPES_MAX];
      assert.ok(oldest !== undefined && newest !== undefined);
      try {
        // 6 MB in the page cache of a disk that has 3 MB behind it.
        shelf.tapeOf(oldest).partition(0).appendRecord(randomBytes(6_000_000));
        for (const c of cartridges.slice(1, OPEN_TAPES_MAX)) shelf.tapeOf(c);
        assert.equal(failures.length, 0);
        shelf.tapeOf(newest);
        assert.deepEqual(
          failures.map((f) => `${f.cartridge} ${f.when} ${/ENOSPC/.test(f.message)}`),
          ['C00000L8 closed true'],
        );
      } finally {
        try {
          shelf.close();
        } catch {
          // The other tapes' files may not sync either on this disk.
        }
      }
    } finally {
      if (loop !== '') {
        execFileSync('umount', [tapes]);
        execFileSync('losetup', ['-d', loop]);
      }
      execFileSync('umount', [backing]);
      await remove();
    }
  });
});
