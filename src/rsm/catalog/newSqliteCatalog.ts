// Only a missing file starts a new catalog. It is built under a temporary name and linked into
// place once migrated, so whatever is found at a catalog's path is a whole catalog or damage: an
// empty or half-written file is never mistaken for a first start, even after a crash mid-creation.
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, renameSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateCatalog } from './migrate.ts';
import type { CatalogDatabase } from './schema.ts';

function errorCode(err: unknown): unknown {
  return typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
}

/** link() fails if the path exists: when two processes create the catalog at once, the first one's stays. */
function putInPlace(temporary: string, path: string): void {
  try {
    linkSync(temporary, path);
  } catch (err) {
    if (errorCode(err) === 'EEXIST') return;
    // Filesystems without hard links: a rename, which can only lose a race it is very unlikely to meet.
    if ((errorCode(err) === 'EPERM' || errorCode(err) === 'ENOTSUP') && !existsSync(path)) {
      renameSync(temporary, path);
      return;
    }
    throw err;
  }
}

/** Create a migrated catalog at `path` unless a file is already there. */
export async function ensureSqliteCatalogFile(path: string, busyTimeoutMs: number): Promise<void> {
  if (existsSync(path)) return;
  const temporary = `${path}.new-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    // The default rollback journal: the file is whole once the migration commits, with nothing left in a -wal beside it.
    const database = new Database(temporary, { timeout: busyTimeoutMs });
    const db = new Kysely<CatalogDatabase>({ dialect: new SqliteDialect({ database }) });
    try {
      await migrateCatalog(db, 'sqlite', path, { emptyIsNew: true });
    } finally {
      await db.destroy();
    }
    putInPlace(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
    rmSync(`${temporary}-journal`, { force: true });
  }
}
