// What every catalog operation runs against: a Kysely executor (the pool, or one transaction),
// the engine (for the few places SQL must differ) and the clock. `atomic` is how an operation
// that reads then writes gets a transaction of its own, or joins the caller's.
import { sql, type CompiledQuery, type Kysely, type RawBuilder } from 'kysely';
import type { RowArrays } from './connect.ts';
import { isRetryableConflict } from './constraintViolation.ts';
import type { Engine } from './engine.ts';
import { SharedQueries } from './sharedQuery.ts';
import type { CatalogDatabase } from './schema.ts';

/** Wall-clock epoch milliseconds; injectable so tests can pin timestamps. */
export interface CatalogClock {
  now(): number;
}

export const SYSTEM_CLOCK: CatalogClock = { now: () => Date.now() };

const MAX_CONFLICT_RETRIES = 5;

export class CatalogContext {
  constructor(
    readonly db: Kysely<CatalogDatabase>,
    readonly engine: Engine,
    readonly clock: CatalogClock,
    readonly inTransaction: boolean,
    private readonly rowArrays: RowArrays,
    /** Reads out now, shared by whoever asks the same meanwhile (sharedRows). */
    private readonly shared: SharedQueries<readonly unknown[]> = new SharedQueries(),
  ) {}

  /**
   * A SELECT's rows, the same for every caller that asks while an identical statement is out: on
   * PostgreSQL outside a transaction, such callers share the next round trip (sharedQuery.ts),
   * which is sent after they asked, so they read what a statement of their own would have. For the
   * reads a burst of requests all make (a library's settings, drive elements, drives and pending
   * requests: 200 mounts at once made 200 of each, each queued for a connection, issue 17). Callers
   * build their own objects from the rows and must not change them.
   */
  async sharedRows<R>(query: CompiledQuery<R>): Promise<readonly R[]> {
    if (this.inTransaction || this.engine !== 'postgres') return (await this.db.executeQuery(query)).rows;
    const key = `${query.sql}\u0000${JSON.stringify(query.parameters)}`;
    return (await this.shared.ask(key, async () => (await this.db.executeQuery(query)).rows)) as readonly R[];
  }

  /** A SELECT's rows as arrays of column values in select order (cheaper than objects for long listings). */
  async arrays(query: CompiledQuery): Promise<unknown[][]> {
    const direct = this.rowArrays(query, this.inTransaction);
    if (direct !== undefined) return direct;
    const result = await this.db.executeQuery<Record<string, unknown>>(query);
    return result.rows.map((row) => Object.values(row));
  }

  now(): number {
    return this.clock.now();
  }

  /**
   * The time leases are measured in. Managers on different hosts compare expiries, so on
   * PostgreSQL it is the server's clock, the one clock they share; SQLite is one host anyway.
   */
  leaseNow(): RawBuilder<number> {
    return this.engine === 'postgres' ? sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint` : sql<number>`${this.now()}`;
  }

  /** Run `fn` in a write transaction, or inside the caller's when there already is one. */
  atomic<T>(fn: (ctx: CatalogContext) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    return this.engine === 'postgres' ? this.postgresTransaction(fn) : this.sqliteTransaction(fn);
  }

  private async postgresTransaction<T>(fn: (ctx: CatalogContext) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction().execute((trx) => fn(new CatalogContext(trx, this.engine, this.clock, true, this.rowArrays)));
      } catch (err) {
        // Deadlocks between racing managers are resolved by PostgreSQL aborting one; run it again.
        if (!isRetryableConflict(err) || attempt >= MAX_CONFLICT_RETRIES) throw err;
      }
    }
  }

  /**
   * SQLite's default DEFERRED transaction takes the write lock at the first write, so two
   * processes that both read first can deadlock; IMMEDIATE takes it at BEGIN and makes every
   * catalog transaction a critical section across processes.
   */
  private sqliteTransaction<T>(fn: (ctx: CatalogContext) => Promise<T>): Promise<T> {
    return this.db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await fn(new CatalogContext(conn, this.engine, this.clock, true, this.rowArrays));
        await sql`commit`.execute(conn);
        return result;
      } catch (err) {
        await sql`rollback`.execute(conn);
        throw err;
      }
    });
  }
}
