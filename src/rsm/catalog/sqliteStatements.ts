// SQLite's side of the catalog's connection: prepared statements kept by their SQL, a listing
// read as arrays of column values, and a mark that changes whenever the catalog may have. Kysely
// prepares every query afresh (a media page spent as long in prepare() as in running it), and
// better-sqlite3 builds each row object in C++ one property at a time: 10 000 media took 125 ms
// as objects and 25 ms as arrays.
import type Database from 'better-sqlite3';
import type { CompiledQuery, SqliteDatabase, SqliteStatement } from 'kysely';

/** Distinct SQL texts kept; `in (…)` lists of every length make some texts one-offs. */
const CAPACITY = 256;

export class SqliteStatements implements SqliteDatabase {
  readonly #objects = new Map<string, SqliteStatement>();
  // Apart: raw(true) changes what a statement returns, and Kysely's callers want objects.
  readonly #arrays = new Map<string, Database.Statement>();
  readonly #dataVersion: Database.Statement;
  /** Statements that write, counted before and after each runs (see changeMark). */
  #writes = 0;

  constructor(private readonly database: Database.Database) {
    this.#dataVersion = database.prepare('pragma data_version').pluck();
  }

  prepare(text: string): SqliteStatement {
    return cached(this.#objects, text, () => {
      const statement = this.database.prepare(text);
      return statement.readonly ? statement : this.#counted(statement);
    });
  }

  /**
   * Differs from an earlier mark whenever the catalog may have changed since: a write through this
   * connection (counted before it runs and after, so a mark taken while one is under way differs
   * from the next) or a commit by any other connection, in this process or another (SQLite's
   * data_version). Reads are serialised behind this connection's transactions, so data read after
   * taking a mark is never older than the mark.
   */
  changeMark(): string {
    return `${this.#writes}.${String(this.#dataVersion.get())}`;
  }

  /** The rows of a SELECT as arrays of column values, in its column order. */
  arrays(query: CompiledQuery): unknown[][] {
    const statement = cached(this.#arrays, query.sql, () => this.database.prepare(query.sql).raw(true));
    return statement.all(...query.parameters) as unknown[][];
  }

  #counted(statement: Database.Statement): SqliteStatement {
    const count = <T>(run: () => T): T => {
      this.#writes += 1;
      try {
        return run();
      } finally {
        this.#writes += 1;
      }
    };
    return {
      reader: statement.reader,
      all: (parameters) => count(() => statement.all(parameters)),
      run: (parameters) => count(() => statement.run(parameters)),
      iterate: (parameters) => count(() => statement.iterate(parameters)),
    };
  }

  close(): void {
    this.#objects.clear();
    this.#arrays.clear();
    this.database.close();
  }
}

/** Least recently used out first: a hit moves its entry to the end of the map's order. */
function cached<S>(cache: Map<string, S>, text: string, prepare: () => S): S {
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
