/**
 * The shelf of a library directory keeps at most OPEN_TAPES_MAX tape files open: touching more
 * cartridges closes the least recently used, whose tape reads back whole when it is needed again.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
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
      assert.ok(grown <= OPEN_TAPES_MAX + 2, `${grown} more file descriptors for ${count} cartridges`);
      assert.ok(shelf.quota.usedBytes > 0);
      shelf.close();
    } finally {
      await remove();
    }
  });
});
