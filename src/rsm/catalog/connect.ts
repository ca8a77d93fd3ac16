// From a catalog URL to a Kysely instance on the right engine. Accepted: a file path or
// `sqlite:<path>` (SQLite, the embedded default; `:memory:` for a throwaway catalog) and
// `postgres://…` / `postgresql://…` (a shared PostgreSQL catalog).
import { Kysely, PostgresDialect, SqliteDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { CatalogError } from './catalogError.ts';
import { MEDIA_MARK_SQL } from './mediaMark.ts';
import type { Engine } from './engine.ts';
import type { CatalogDatabase } from './schema.ts';
import { MEMORY_PATH, openSqliteFile, openSqliteMemory } from './sqliteFile.ts';
import { OldestFirstPool } from './oldestFirstPool.ts';
import { SharedQuery } from './sharedQuery.ts';
import { SqliteStatements } from './sqliteStatements.ts';

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

/**
 * A SELECT's rows as arrays of column values, in select order: how long listings are read, since
 * an object per row costs several times more to build (sqliteStatements.ts). `inTransaction`: the
 * caller's transaction holds the connection, so the query runs on it; undefined where the engine
 * cannot (PostgreSQL inside a transaction), and the caller reads objects instead.
 */
export type RowArrays = (query: CompiledQuery, inTransaction: boolean) => Promise<unknown[][]> | undefined;

export interface Connection {
  readonly engine: Engine;
  readonly db: Kysely<CatalogDatabase>;
  readonly arrays: RowArrays;
  /** A mark that differs from every earlier one whenever what a media listing shows may have changed since (Catalog.mediaChangeMark). */
  readonly mediaMark: () => Promise<string>;
  /** Closes the connection: Kysely's and whatever else it opened. */
  readonly close: () => Promise<void>;
}

export interface ConnectOptions {
  /** PostgreSQL pool size; SQLite always has one connection per catalog. */
  readonly maxConnections?: number;
  /** How long SQLite waits for another process's write lock before failing (ms). */
  readonly busyTimeoutMs?: number;
}

/** PostgreSQL connections per catalog unless told otherwise (besides the one the media change mark is asked on). */
export const DEFAULT_POSTGRES_CONNECTIONS = 20;

/** How long SQLite waits for another process's write lock unless told otherwise (ms). */
export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

const PG_INT8_OID = 20;

function parseInt8(value: string): number {
  return Number(value);
}

/** BIGINT columns hold epoch milliseconds and counters, all far below 2^53: read them as numbers. */
const getTypeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === PG_INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

async function rowArrays(pool: OldestFirstPool, query: CompiledQuery): Promise<unknown[][]> {
  const client = await pool.acquire();
  try {
    return (await client.query<unknown[]>({ text: query.sql, values: [...query.parameters], rowMode: 'array' })).rows;
  } finally {
    pool.release(client);
  }
}

export function connect(location: CatalogLocation, options: ConnectOptions = {}): Connection {
  if (location.engine === 'postgres') {
    // 20, not pg's 10: under load a statement's round trip is mostly the wait for a busy event loop
    // to read its answer, not PostgreSQL's work, so more of them overlap. 10 % mounts among 200
    // clients' pages, same bench alternating: slowest request 759–1190 → 640–914 ms, p99 555–924 → 413–624 ms (issue 17).
    const size = options.maxConnections ?? DEFAULT_POSTGRES_CONNECTIONS;
    const pool = new OldestFirstPool(new pg.Pool({ connectionString: location.url, max: size, types: { getTypeParser } }), size);
    const arrays: RowArrays = (query, inTransaction) => (inTransaction ? undefined : rowArrays(pool, query));
    // The version triggers move in the same commit as the media it covers (migration 0007): read
    // committed, so a commit since an earlier mark changes it, and one not yet committed is not read
    // either. Asked on a connection of its own: every listing asks it, and in the pool's queue,
    // behind the statements of 200 mounts under way, it waited 80 ms at the median and 660 ms at the 99th percentile.
    const markPool = new pg.Pool({ connectionString: location.url, max: 1, types: { getTypeParser } });
    // An idle mark connection the server closed is opened again at the next ask; unheard, the error would end the process.
    markPool.on('error', () => undefined);
    const version = new SharedQuery(() => markPool.query<{ mark: string }>(MEDIA_MARK_SQL).then((result) => result.rows[0]?.mark ?? ''));
    const mediaMark = (): Promise<string> => version.ask();
    const db = new Kysely<CatalogDatabase>({ dialect: new PostgresDialect({ pool }) });
    const close = async (): Promise<void> => {
      await db.destroy();
      await markPool.end();
    };
    return { engine: 'postgres', db, arrays, mediaMark, close };
  }
  // A file must exist by now (ensureSqliteCatalogFile): opening never creates one.
  const statements = new SqliteStatements(location.path === MEMORY_PATH ? openSqliteMemory() : openSqliteFile(location.path, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS));
  const db = new Kysely<CatalogDatabase>({ dialect: new SqliteDialect({ database: statements }) });
  // SQLite has one connection: outside a transaction, wait for it as Kysely's own queries do, so a
  // listing never reads another caller's transaction half done.
  const arrays: RowArrays = (query, inTransaction) =>
    inTransaction ? Promise.resolve(statements.arrays(query)) : db.connection().execute(() => Promise.resolve(statements.arrays(query)));
  return { engine: 'sqlite', db, arrays, mediaMark: () => Promise.resolve(statements.mediaChangeMark()), close: () => db.destroy() };
}
