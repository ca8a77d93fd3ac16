import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { Catalog, isCatalogError } from '../../../../src/rsm/catalog/index.ts';
import { runChild } from './children/run.ts';
import { forEachEngine } from './engines.ts';
import { addTapes, seedLibrary } from './fixtures.ts';

const TABLES = ['audit', 'change_marks', 'drives', 'elements', 'libraries', 'media', 'media_sides', 'operator_requests', 'pools', 'request_history', 'requests'];

forEachEngine('catalog migrations', (h) => {
  test('a fresh database is migrated on open and holds every table', async () => {
    const catalog = await h.open();
    const tables =
      h.engine === 'postgres'
        ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(catalog.kysely)
        : await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(catalog.kysely);
    const names = tables.rows.map((r) => r.name);
    for (const table of TABLES) assert.ok(names.includes(table), `${table} missing from ${names.join(', ')}`);
    assert.equal(catalog.engine, h.engine);
  });

  test('reopening a migrated catalog keeps its data', async () => {
    const url = await h.freshUrl();
    const first = await Catalog.open(url);
    const library = await seedLibrary(first);
    await first.close();
    const second = await h.open(url);
    assert.equal((await second.libraries.get(library.id)).name, 'lib0');
  });

  test('a catalog of the first release gains on-media labels on open; its media are kept, unread', async () => {
    const url = await h.freshUrl();
    const first = await Catalog.open(url);
    const library = await seedLibrary(first);
    const [tape] = await addTapes(first, library, 1);
    // Back to the first release's schema: without 0002's columns and its row.
    for (const column of ['label_type', 'label_id', 'label_read_at']) await sql`alter table media drop column ${sql.raw(column)}`.execute(first.kysely);
    await sql`delete from catalog_migration where name = '0002_medium_labels'`.execute(first.kysely);
    // …and without what the later migrations added (0003, 0005: object settings; 0004: two-sided media; 0006: the listing index).
    await sql`drop table object_settings`.execute(first.kysely);
    await sql`drop index media_listing`.execute(first.kysely);
    for (const column of ['alternate_barcode', 'facing_side']) await sql`alter table media drop column ${sql.raw(column)}`.execute(first.kysely);
    // …and 0007's media change mark: its triggers, then its table.
    if (h.engine === 'postgres') await sql`drop function changer_media_changed() cascade`.execute(first.kysely);
    const triggers = h.engine === 'sqlite' ? await sql<{ name: string }>`select name from sqlite_master where type = 'trigger'`.execute(first.kysely) : { rows: [] };
    for (const { name } of triggers.rows) await sql`drop trigger ${sql.raw(name)}`.execute(first.kysely);
    await sql`drop table change_marks`.execute(first.kysely);
    await sql`delete from catalog_migration where name in ('0003_object_settings', '0004_medium_sides', '0005_drive_defer_dismount', '0006_media_listing_index', '0007_media_change_mark')`.execute(first.kysely);
    await first.close();
    const second = await h.open(url);
    const kept = await second.media.get(tape?.id ?? '');
    assert.deepEqual([kept.barcode, kept.onMediaLabel], ['B00000L8', null]);
    await second.media.identify(kept.id, { type: 'ansi', id: 'VOL001' });
    const read = await second.media.get(kept.id);
    assert.deepEqual([read.onMediaLabel?.type, read.onMediaLabel?.id, typeof read.onMediaLabel?.readAt], ['ansi', 'VOL001', 'number']);
    await assert.rejects(sql`update media set label_type = 'tar' where id = ${kept.id}`.execute(second.kysely));
  });

  test('two processes opening one new catalog at once both succeed', async () => {
    const url = await h.freshUrl();
    const counts = await Promise.all([runChild<number>('openCatalog.ts', [url]), runChild<number>('openCatalog.ts', [url])]);
    assert.deepEqual(counts.sort(), [1, 1]);
  });

  test('a catalog migrated by newer code is refused, and left as it was', async () => {
    const url = await h.freshUrl();
    const catalog = await Catalog.open(url);
    await sql`insert into catalog_migration (name, timestamp) values ('9999_from_the_future', '2100-01-01')`.execute(catalog.kysely);
    await catalog.close();
    await assert.rejects(Catalog.open(url), (err) => isCatalogError(err, 'SCHEMA_TOO_NEW') && /9999_from_the_future/.test(err.message) && /upgrade/.test(err.message));
    await assert.rejects(Catalog.open(url), (err) => isCatalogError(err, 'SCHEMA_TOO_NEW'));
  });

  test('a database holding other tables is not a catalog and is not touched', async () => {
    const url = await h.freshUrl();
    if (h.engine === 'sqlite') {
      const other = new Database(url);
      other.exec('create table invoices (id integer primary key, total real)');
      other.close();
    } else {
      const catalog = await Catalog.open(url);
      // Make it look like someone else's database: drop ours, add theirs.
      await sql`drop schema public cascade`.execute(catalog.kysely);
      await sql`create schema public`.execute(catalog.kysely);
      await sql`create table invoices (id integer primary key, total real)`.execute(catalog.kysely);
      await catalog.close();
    }
    await assert.rejects(Catalog.open(url), (err) => isCatalogError(err, 'NOT_A_CATALOG') && /invoices/.test(err.message));
  });

  test('an unreachable catalog is reported as unavailable, with the password hidden', async () => {
    const url = h.engine === 'postgres' ? 'postgres://someone:secret@127.0.0.1:1/catalog' : '/proc/no/such/catalog.sqlite';
    await assert.rejects(Catalog.open(url), (err) => isCatalogError(err, 'UNAVAILABLE') && !err.message.includes('secret'));
  });
});

forEachEngine(
  'catalog files',
  (h) => {
    test('a file that is not SQLite is refused as corrupt and left byte for byte', async () => {
      const path = await h.freshUrl();
      const garbage = Buffer.from('this is a tape label list, not a database\n'.repeat(200));
      writeFileSync(path, garbage);
      await assert.rejects(Catalog.open(path), (err) => isCatalogError(err, 'CORRUPT') && err.message.includes(path));
      assert.deepEqual(readFileSync(path), garbage);
    });

    test('a damaged catalog file is refused as corrupt', async () => {
      const path = await h.freshUrl();
      const catalog = await Catalog.open(path);
      await seedLibrary(catalog);
      await catalog.close();
      const bytes = readFileSync(path);
      // Overwrite the page size and the schema page's header: SQLite can no longer read it.
      bytes.fill(0xa5, 16, 18);
      bytes.fill(0xa5, 100, 112);
      writeFileSync(path, bytes);
      await assert.rejects(Catalog.open(path), (err) => isCatalogError(err, 'CORRUPT'));
    });

    test('sqlite: URLs and plain paths name the same file', async () => {
      const path = await h.freshUrl();
      const first = await Catalog.open(`sqlite:${path}`);
      await seedLibrary(first);
      await first.close();
      const second = await h.open(path);
      assert.equal((await second.libraries.list()).length, 1);
    });

    test('sqlite::memory: opens a throwaway catalog', async () => {
      const catalog = await h.open('sqlite::memory:');
      await seedLibrary(catalog);
      assert.equal((await catalog.libraries.list()).length, 1);
    });

    test('a file in a missing directory is reported as unavailable', async () => {
      await assert.rejects(Catalog.open('/nonexistent-dir/catalog.sqlite'), (err) => isCatalogError(err, 'UNAVAILABLE') && /nonexistent-dir/.test(err.message));
    });

    test('an unknown URL scheme is refused', async () => {
      await assert.rejects(Catalog.open('mysql://localhost/catalog'), (err) => isCatalogError(err, 'UNSUPPORTED_URL'));
    });
  },
  ['sqlite'],
);
