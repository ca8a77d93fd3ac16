// From a catalog URL to a Kysely instance on the right engine. Accepted: a file path or
// `sqlite:<path>` (SQLite, the embedded default; `:memory:` for a throwaway catalog) and
// `postgres://…` / `postgresql://…` (a shared PostgreSQL catalog).
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { CatalogError } from './catalogError.ts';
import type { Engine } from './engine.ts';
import type { CatalogDatabase } from './schema.ts';
import { MEMORY_PATH, openSqliteFile, openSqliteMemory } from './sqliteFile.ts';

export type CatalogLocation = { readonly engine: 'sqlite'; readonly path: string } | { readonly engine: 'postgres'; readonly url: string };

export function parseCatalogUrl(url: string): CatalogLocation {
  if (/^postgres(ql)?:\/\//i.test(url)) return { engine: 'postgres', url };
  if (url.startsWith('sqlite:')) {
    // sqlite:/abs/path, sqlite:relative/path and sqlite:///abs/path all name a file.
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new CatalogError('UNSUPPORTED_URL', `catalog URL ${url} names no file`);
    return { engine: 'sqlite', path };
  }
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(url)) {
    throw new CatalogError('UNSUPPORTED_URL', `catalog URL ${url}: expected a file path, sqlite:<path> or postgres://…`);
  }
  if (url === '') throw new CatalogError('UNSUPPORTED_URL', 'catalog URL is empty');
  return { engine: 'sqlite', path: url };
}

export interface Connection {
  readonly engine: Engine;
  readonly db: Kysely<CatalogDatabase>;
}

export interface ConnectOptions {
  /** PostgreSQL pool size; SQLite always has one connection per catalog. */
  readonly maxConnections?: number;
  /** How long SQLite waits for another process's write lock before failing (ms). */
  readonly busyTimeoutMs?: number;
}

/** How long SQLite waits for another process's write lock unless told otherwise (ms). */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

const PG_INT8_OID = 20;

function parseInt8(value: string): number {
  return Number(value);
}

/** BIGINT columns hold epoch milliseconds and counters, all far below 2^53: read them as numbers. */
const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === PG_INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

export function connect(location: CatalogLocation, options: ConnectOptions = {}): Connection {
  if (location.engine === 'postgres') {
    const pool = new pg.Pool({ connectionString: location.url, max: options.maxConnections ?? 10, types: { getTypeParser } });
    return { engine: 'postgres', db: new Kysely<CatalogDatabase>({ dialect: new PostgresDialect({ pool }) }) };
  }
  // A file must exist by now (ensureSqliteCatalogFile): opening never creates one.
  const database = location.path === MEMORY_PATH ? openSqliteMemory() : openSqliteFile(location.path, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
  return { engine: 'sqlite', db: new Kysely<CatalogDatabase>({ dialect: new SqliteDialect({ database }) }) };
}
