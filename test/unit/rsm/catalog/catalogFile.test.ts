import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { Catalog, isCatalogError, type CatalogErrorCode } from '../../../../src/rsm/catalog/index.ts';
import { addTapes, seedLibrary } from './fixtures.ts';

// A SQLite catalog file that exists is the manager's only memory of its pools, request history
// and fencing key: whatever is wrong with it, it is refused and left as it was. Only a missing
// file starts a new catalog.

const root = mkdtempSync(join(tmpdir(), 'changer-catalog-file-'));
after(() => rmSync(root, { recursive: true, force: true }));
let files = 0;

function freshPath(): string {
  files += 1;
  return join(root, `catalog-${files}.sqlite`);
}

function refusal(path: string, reason: string): string {
  return `${path} is not a usable Changer catalog: ${reason}. It was left untouched: restore it from a backup, or move it away to start over with a new, empty catalog.`;
}

async function refused(path: string, code: CatalogErrorCode, message: string): Promise<void> {
  const before = readFileSync(path);
  await assert.rejects(Catalog.open(path), (err) => {
    assert.ok(isCatalogError(err, code), String(err));
    assert.equal(err.message, message);
    return true;
  });
  assert.deepEqual(readFileSync(path), before, 'the file is left byte for byte');
}

/** A real catalog with a library, an application pool and tapes, closed (so its WAL is checkpointed away). */
async function realCatalogBytes(): Promise<Buffer> {
  const path = freshPath();
  const catalog = await Catalog.open(path);
  const library = await seedLibrary(catalog);
  await addTapes(catalog, library, 8);
  for (let i = 0; i < 40; i++) await catalog.pools.createApplicationPool({ name: `backup-${i}-${'x'.repeat(200)}`, mediaType: 'LTO-8' });
  await catalog.close();
  assert.equal(existsSync(`${path}-wal`), false);
  return readFileSync(path);
}

describe('catalog files that exist but hold no usable catalog', () => {
  test('a 0-byte file is refused, not re-created', async () => {
    const path = freshPath();
    writeFileSync(path, '');
    await refused(path, 'NOT_A_CATALOG', refusal(path, 'it is empty (0 bytes)'));
    assert.equal(existsSync(`${path}-wal`), false);
  });

  test('a SQLite database without any tables is refused', async () => {
    const path = freshPath();
    const other = new Database(path);
    other.pragma('user_version = 7');
    other.close();
    await refused(path, 'NOT_A_CATALOG', refusal(path, 'it is a SQLite database without any tables'));
  });

  test("another application's SQLite database is refused and names its tables", async () => {
    const path = freshPath();
    const other = new Database(path);
    other.exec('create table invoices (id integer primary key, total real); create table customers (id integer primary key)');
    other.close();
    await refused(path, 'NOT_A_CATALOG', refusal(path, 'it is some other SQLite database (tables: invoices, customers)'));
  });

  test('a file that is not SQLite is refused', async () => {
    const path = freshPath();
    writeFileSync(path, 'B00001L8\nB00002L8\n');
    await refused(path, 'CORRUPT', refusal(path, 'it is not a SQLite database (18 bytes without a SQLite header)'));
  });

  test('a catalog cut to its first 4096 bytes is refused', async () => {
    const bytes = await realCatalogBytes();
    const path = freshPath();
    writeFileSync(path, bytes.subarray(0, 4096));
    await refused(path, 'CORRUPT', refusal(path, `it is truncated (4096 bytes where its header says ${bytes.length})`));
  });

  test('a catalog cut in the middle of a page is refused', async () => {
    const bytes = await realCatalogBytes();
    const path = freshPath();
    const cut = bytes.length - 1000;
    writeFileSync(path, bytes.subarray(0, cut));
    await refused(path, 'CORRUPT', refusal(path, `it is truncated (${cut} bytes where its header says ${bytes.length})`));
  });

  test('a cut catalog whose header does not vouch for its size is refused by SQLite', async () => {
    const bytes = await realCatalogBytes();
    const path = freshPath();
    const cut = Buffer.from(bytes.subarray(0, bytes.length / 2 - ((bytes.length / 2) % 4096)));
    // An old writer's header: "version-valid-for" differs from the change counter, so SQLite goes by the file's size.
    cut.writeUInt32BE(cut.readUInt32BE(24) + 1, 92);
    writeFileSync(path, cut);
    await refused(path, 'CORRUPT', refusal(path, 'SQLite says "malformed database schema (media_sides_state) - invalid rootpage"'));
  });

  test('a header with an impossible page size is refused as damaged', async () => {
    const bytes = Buffer.from(await realCatalogBytes());
    const path = freshPath();
    bytes.writeUInt16BE(1000, 16);
    writeFileSync(path, bytes);
    await refused(path, 'CORRUPT', refusal(path, 'its header is damaged (page size 1000)'));
  });
});

describe('catalog files that open', () => {
  test('a missing file becomes a new catalog, with nothing else left beside it', async () => {
    const dir = mkdtempSync(join(root, 'new-'));
    const catalog = await Catalog.open(join(dir, 'catalog.sqlite'));
    await seedLibrary(catalog);
    await catalog.close();
    assert.deepEqual(readdirSync(dir), ['catalog.sqlite']);
    const again = await Catalog.open(join(dir, 'catalog.sqlite'));
    assert.equal((await again.libraries.list()).length, 1);
    await again.close();
  });

  test('a catalog copied with its -wal while open (a crash image) opens with everything in the WAL', async () => {
    const path = freshPath();
    const live = await Catalog.open(path);
    const library = await seedLibrary(live);
    await addTapes(live, library, 3);
    const image = freshPath();
    copyFileSync(path, image);
    copyFileSync(`${path}-wal`, `${image}-wal`);
    await live.close();
    assert.ok(statSync(`${image}-wal`).size > 0);
    const recovered = await Catalog.open(image);
    assert.deepEqual((await recovered.media.list({})).map((m) => m.barcode).sort(), ['B00000L8', 'B00001L8', 'B00002L8']);
    await recovered.close();
  });

  test(':memory: is still a throwaway new catalog', async () => {
    const catalog = await Catalog.open(':memory:');
    await seedLibrary(catalog);
    assert.equal((await catalog.libraries.list()).length, 1);
    await catalog.close();
  });
});
