// Opening a SQLite catalog file. better-sqlite3 opens anything lazily, so the file is read once
// here: a damaged file or one that is not SQLite at all must be refused with a clear message
// before any migration could write into it.
import Database from 'better-sqlite3';
import { CatalogError } from './catalogError.ts';
import { isSqliteCorruption } from './constraintViolation.ts';

export function openSqliteFile(path: string, busyTimeoutMs: number): Database.Database {
  let database: Database.Database | undefined;
  try {
    database = new Database(path, { timeout: busyTimeoutMs });
    // Reading the schema reads the header and the first page: the corruption checks SQLite has.
    database.prepare('select count(*) from sqlite_master').get();
    // Placement and allocation rely on the foreign keys to elements; SQLite leaves them off by default.
    database.pragma('foreign_keys = ON');
    // Readers (status queries, the CLI) must not wait behind the manager's write transactions.
    if (path !== ':memory:') database.pragma('journal_mode = WAL');
    return database;
  } catch (err) {
    database?.close();
    if (isSqliteCorruption(err)) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new CatalogError('CORRUPT', `${path} is not a usable Changer catalog: SQLite says "${reason}". Restore it from a backup or move it away; it was left untouched.`, { cause: err });
    }
    throw err;
  }
}
