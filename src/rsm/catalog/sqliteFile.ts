// Opening a SQLite catalog file that already exists. better-sqlite3 opens anything lazily and SQLite
// takes an empty file for a new database, so the file is judged here, by its header and then by
// SQLite's own quick check, before any migration could write into it.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { isSqliteCorruption } from './constraintViolation.ts';
import { MIGRATION_TABLE } from './migrate.ts';
import { SQLITE_HEADER_BYTES, sqliteHeaderProblem } from './sqliteHeader.ts';
import { unusableCatalogFile } from './unusableCatalogFile.ts';

export const MEMORY_PATH = ':memory:';

function readHeader(path: string): Buffer {
  const header = Buffer.alloc(SQLITE_HEADER_BYTES);
  const fd = openSync(path, 'r');
  try {
    return header.subarray(0, readSync(fd, header, 0, SQLITE_HEADER_BYTES, 0));
  } finally {
    closeSync(fd);
  }
}

function walPresent(path: string): boolean {
  try {
    return statSync(`${path}-wal`).size > 0;
  } catch {
    return false;
  }
}

function checkHeader(path: string): void {
  const size = statSync(path).size;
  const problem = sqliteHeaderProblem({ size, header: readHeader(path), walPresent: walPresent(path) });
  if (problem === undefined) return;
  // An empty file never held a catalog; anything else with a bad header is a damaged one.
  throw unusableCatalogFile(path, problem, size === 0 ? 'NOT_A_CATALOG' : 'CORRUPT');
}

/** quick_check reads every page: a cut or damaged file shows here rather than in the middle of a mount. */
function checkPages(path: string, database: Database.Database): void {
  const verdict: unknown = database.pragma('quick_check(1)', { simple: true });
  if (verdict === 'ok') return;
  const finding = String(verdict).replace(/\s*\n\s*/g, '; ').slice(0, 200);
  throw unusableCatalogFile(path, `SQLite's quick check found damage ("${finding}")`, 'CORRUPT');
}

function holdsCatalog(database: Database.Database): boolean {
  return database.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(MIGRATION_TABLE) !== undefined;
}

/** Placement and allocation rely on the foreign keys to elements; SQLite leaves them off by default. */
function enableForeignKeys(database: Database.Database): void {
  database.pragma('foreign_keys = ON');
}

/** A throwaway in-memory catalog database. */
export function openSqliteMemory(): Database.Database {
  const database = new Database(MEMORY_PATH);
  enableForeignKeys(database);
  return database;
}

/** An existing catalog file; never creates one (see newSqliteCatalog.ts for that). */
export function openSqliteFile(path: string, busyTimeoutMs: number): Database.Database {
  checkHeader(path);
  let database: Database.Database | undefined;
  try {
    database = new Database(path, { timeout: busyTimeoutMs, fileMustExist: true });
    checkPages(path, database);
    enableForeignKeys(database);
    // Readers (status queries, the CLI) must not wait behind the manager's write transactions. Only
    // on a file that is ours: the switch rewrites the header, and a file the migration is about to
    // refuse must stay byte for byte.
    if (holdsCatalog(database)) database.pragma('journal_mode = WAL');
    return database;
  } catch (err) {
    database?.close();
    if (isSqliteCorruption(err)) {
      const reason = err instanceof Error ? err.message : String(err);
      throw unusableCatalogFile(path, `SQLite says "${reason}"`, 'CORRUPT', err);
    }
    throw err;
  }
}
