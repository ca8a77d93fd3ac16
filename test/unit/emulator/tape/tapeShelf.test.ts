/**
 * The shelf of a library directory keeps at most OPEN_TAPES_MAX tape files open: touching more
 * cartridges closes the least recently used, whose tape reads back whole when it is needed again.
 */
import assert from 'node:assert/strict';
import { chmod, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createCartridge } from '../../../../src/emulator/cartridge.ts';
import { loadProfile } from '../../../../src/emulator/index.ts';
import { OPEN_TAPES_MAX, TapeShelf } from '../../../../src/emulator/tape/tapeShelf.ts';
import { FILEMARK, record } from '../../../../src/emulator/tapeContents.ts';
import { tempDir } from '../helpers.ts';

describe('tape shelf', () => {
  it(`keeps at most ${OPEN_TAPES_MAX} tapes open; a closed one reloads with its contents`, async () => {
    const { dir, remove } = await tempDir();
    try {
      const descriptors = async (): Promise<number> => (await readdir(`/proc/${process.pid}/fd`).catch(() => [])).length;
      const baseline = await descriptors();
      const shelf = TapeShelf.inDirectory(await loadProfile('library-24'), dir);
      const count = OPEN_TAPES_MAX + 10;
      const cartridges = Array.from({ length: count }, (_, i) => createCartridge(i + 1, { barcode: `S${String(i).padStart(5, '0')}L8` }, 50));
      for (const [i, c] of cartridges.entries()) shelf.write(c, [record(Uint8Array.from([i])), FILEMARK]);
      assert.equal((await readdir(join(dir, 'tapes'))).length, count);
      for (const [i, c] of cartridges.entries()) assert.deepEqual(shelf.contents(c), [record(Uint8Array.from([i])), FILEMARK], `cartridge ${i}`);
      const grown = (await descriptors()) - baseline;
      // A few beyond the tapes: the process's tape I/O thread (tapeIoThread.ts) has an event loop of its own.
      assert.ok(grown <= OPEN_TAPES_MAX + 8, `${grown} more file descriptors for ${count} cartridges`);
      assert.ok(shelf.quota.usedBytes > 0);
      shelf.close();
    } finally {
      await remove();
    }
  });

  it('tapes/ is 0700 and every tape file 0600; a directory and files made with wider modes are tightened when the library opens them', async () => {
    const { dir, remove } = await tempDir();
    try {
      const mode = async (path: string): Promise<string> => ((await stat(path)).mode & 0o777).toString(8);
      const tapes = join(dir, 'tapes');
      const profile = await loadProfile('library-24');
      const cartridge = createCartridge(1, { barcode: 'PRIV01L8' }, 50);
      const shelf = TapeShelf.inDirectory(profile, dir);
      shelf.write(cartridge, [record(Uint8Array.from([1, 2, 3]))]);
      shelf.close();
      const file = join(tapes, '1-PRIV01L8.p0.tape');
      assert.deepEqual([await mode(tapes), await mode(file)], ['700', '600']);
      await chmod(tapes, 0o755);
      await chmod(file, 0o644);
      const again = TapeShelf.inDirectory(profile, dir);
      assert.equal(await mode(tapes), '700');
      assert.deepEqual(again.contents(cartridge), [record(Uint8Array.from([1, 2, 3]))]);
      assert.equal(await mode(file), '600');
      again.close();
      // A library directory whose tapes/ an operator made by hand.
      const other = join(dir, 'other');
      await mkdir(join(other, 'tapes'), { recursive: true, mode: 0o777 });
      TapeShelf.inDirectory(profile, other).close();
      assert.equal(await mode(join(other, 'tapes')), '700');
    } finally {
      await remove();
    }
  });

  it('FORMAT replaces the files and the quota counts what they take (32-byte headers); an old file a crash left set aside goes when the cartridge next loads', async () => {
    const { dir, remove } = await tempDir();
    try {
      const tapes = join(dir, 'tapes');
      const profile = await loadProfile('library-24');
      const cartridge = createCartridge(1, { barcode: 'FMT002L8' }, 50);
      const shelf = TapeShelf.inDirectory(profile, dir);
      shelf.write(cartridge, [record(new Uint8Array(1000))]);
      assert.equal(shelf.quota.usedBytes, 32 + 20 + 1000);
      shelf.tapeOf(cartridge).format([1e9, undefined]);
      assert.deepEqual((await readdir(tapes)).sort(), ['1-FMT002L8.p0.tape', '1-FMT002L8.p1.tape']);
      assert.equal(shelf.quota.usedBytes, 64);
      shelf.tapeOf(cartridge).format();
      assert.deepEqual(await readdir(tapes), ['1-FMT002L8.p0.tape']);
      assert.equal(shelf.quota.usedBytes, 32);
      shelf.close();
      await writeFile(join(tapes, '1-FMT002L8.p0.tape.old'), Buffer.alloc(500));
      const again = TapeShelf.inDirectory(profile, dir);
      assert.deepEqual(again.contents(cartridge), []);
      assert.deepEqual(await readdir(tapes), ['1-FMT002L8.p0.tape']);
      assert.equal(again.quota.usedBytes, 32);
      again.close();
    } finally {
      await remove();
    }
  });
});
