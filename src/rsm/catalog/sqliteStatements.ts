// SQLite's side of the catalog's connection: prepared statements kept by their SQL, and a listing
// read as arrays of column values. Kysely prepares every query afresh (a media page spent as long
// in prepare() as in running it), and better-sqlite3 builds each row object in C++ one property
// at a time: 10 000 media took 125 ms as objects and 25 ms as arrays.
import type Database from 'better-sqlite3';
import type { CompiledQuery, SqliteDatabase } from 'kysely';

/** Distinct SQL texts kept; `in (…)` lists of every length make some texts one-offs. */
const CAPACITY = 256;

export class SqliteStatements implements SqliteDatabase {
  readonly #objects = new Map<string, Database.Statement>();
  // Apart: raw(true) changes what a statement returns, and Kysely's callers want objects.
  readonly #arrays = new Map<string, Database.Statement>();

  constructor(private readonly database: Database.Database) {}

  prepare(text: string): Database.Statement {
    return cached(this.#objects, text, () => this.database.prepare(text));
  }

  /** The rows of a SELECT as arrays of column values, in its column order. */
  arrays(query: CompiledQuery): unknown[][] {
    const statement = cached(this.#arrays, query.sql, () => this.database.prepare(query.sql).raw(true));
    return statement.all(...query.parameters) as unknown[][];
  }

  close(): void {
    this.#objects.clear();
    this.#arrays.clear();
    this.database.close();
  }
}

/** Least recently used out first: a hit moves its entry to the end of the map's order. */
function cached(cache: Map<string, Database.Statement>, text: string, prepare: () => Database.Statement): Database.Statement {
  const hit = cache.get(text);
  if (hit !== undefined) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const statement = prepare();
  if (cache.size >= CAPACITY) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(text, statement);
  return statement;
}
