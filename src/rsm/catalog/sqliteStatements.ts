// SQLite's side of the catalog's connection: prepared statements kept by their SQL, a listing
// read as arrays of column values, and a mark that changes whenever what a media listing shows may have. Kysely
// prepares every query afresh (a media page spent as long in prepare() as in running it), and
// better-sqlite3 builds each row object in C++ one property at a time: 10 000 media took 125 ms
// as objects and 25 ms as arrays.
import type Database from 'better-sqlite3';
import type { CompiledQuery, SqliteDatabase, SqliteStatement } from 'kysely';
import { MEDIA_MARK_SQL } from './mediaMark.ts';

/** Distinct SQL texts kept; `in (…)` lists of every length make some texts one-offs. */
const CAPACITY = 256;

/** A transaction's or a savepoint's rollback. */
const ROLLBACK = /^\s*rollback\b/i;

export class SqliteStatements implements SqliteDatabase {
  readonly #objects = new Map<string, SqliteStatement>();
  // Apart: raw(true) changes what a statement returns, and Kysely's callers want objects.
  readonly #arrays = new Map<string, Database.Statement>();
  /** Read when first asked: the connection is opened before the catalog is migrated. */
  #mediaVersion: Database.Statement | undefined;
  /** Rollbacks through this connection (see mediaChangeMark). */
  #rollbacks = 0;

  constructor(private readonly database: Database.Database) {}

  prepare(text: string): SqliteStatement {
    return cached(this.#objects, text, () => {
      const statement = this.database.prepare(text);
      if (ROLLBACK.test(text)) return this.#rollback(statement);
      return statement;
    });
  }

  /**
   * Differs from an earlier mark whenever what a media listing shows may have changed since: the
   * version the catalog's triggers move with every write to media, their sides, pools and library
   * names (migration 0007), by any connection in any process, and a count of rollbacks here. This
   * connection reads its own transaction's writes before they commit: a version read inside a
   * transaction that then rolls back would come again with the next real change, and the answer
   * kept under it would be given for that change. Reads are serialised behind this connection's
   * transactions, so data read after taking a mark is never older than the mark.
   */
  mediaChangeMark(): string {
    this.#mediaVersion ??= this.database.prepare(MEDIA_MARK_SQL).pluck();
    return `${String(this.#mediaVersion.get())}.${this.#rollbacks}`;
  }

  /** The rows of a SELECT as arrays of column values, in its column order. */
  arrays(query: CompiledQuery): unknown[][] {
    const statement = cached(this.#arrays, query.sql, () => this.database.prepare(query.sql).raw(true));
    return statement.all(...query.parameters) as unknown[][];
  }

  #rollback(statement: Database.Statement): SqliteStatement {
    const counted = <T>(run: () => T): T => {
      try {
        return run();
      } finally {
        this.#rollbacks += 1;
      }
    };
    return {
      reader: statement.reader,
      all: (parameters) => counted(() => statement.all(parameters)),
      run: (parameters) => counted(() => statement.run(parameters)),
      iterate: (parameters) => counted(() => statement.iterate(parameters)),
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
