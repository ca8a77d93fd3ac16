// PostgreSQL's connections handed out oldest operation first. A mount asks the catalog about ten
// things one after the other before its 202; in a first-come-first-served pool each of those
// statements queued again behind everything asked meanwhile — under a 10 % mount mix at 200
// connections, 120 ms at the median and 430 ms at the 99th percentile a wait, so a mount's
// eleven statements added up to 1.4 s (issue 17). Here a statement of an operation (a call of the
// service, begun in asOneOperation) goes before those of operations begun later: an operation
// under way finishes before new ones start, as if it held its connection, but never holds one
// between statements. Statements outside any operation (background work) count from when they ask.
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';
import { CatalogError } from './catalogError.ts';

interface Operation {
  readonly begunAt: number;
  ended: boolean;
}

const operations = new AsyncLocalStorage<Operation>();
/** OldestFirstPools made in this process so far. */
let pools = 0;

/**
 * Run `work` as one operation: its statements are given connections before those of operations
 * begun later. Work it starts and leaves running (a mount's dispatch) keeps the operation's
 * context, but once `work` is done its statements count from when they ask, as background work's do.
 */
export async function asOneOperation<T>(work: () => Promise<T>): Promise<T> {
  // Without a PostgreSQL catalog (SQLite) nothing asks: no async context, whose hooks cost every promise of the process.
  if (pools === 0 || operations.getStore()?.ended === false) return work();
  const operation: Operation = { begunAt: performance.now(), ended: false };
  try {
    return await operations.run(operation, work);
  } finally {
    operation.ended = true;
  }
}

function begunAt(): number {
  const operation = operations.getStore();
  return operation !== undefined && !operation.ended ? operation.begunAt : performance.now();
}

interface Waiter {
  readonly begunAt: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

export class OldestFirstPool implements PostgresPool {
  /** Connections not handed out; the pool underneath has `size` and is never asked for more. */
  #free: number;
  /** Oldest operation first; equal times in the order they asked. */
  readonly #waiting: Waiter[] = [];
  #ended = false;

  constructor(
    private readonly pool: pg.Pool,
    size: number,
  ) {
    this.#free = size;
    pools++;
  }

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.acquire();
    return {
      query: client.query.bind(client) as PostgresPoolClient['query'],
      release: () => this.#release(client),
    };
  }

  /** A connection of the pool underneath, for a caller that releases it through release(). */
  async acquire(): Promise<pg.PoolClient> {
    await this.#turn(begunAt());
    try {
      return await this.pool.connect();
    } catch (error) {
      this.#handOn();
      throw error;
    }
  }

  release(client: pg.PoolClient): void {
    this.#release(client);
  }

  async end(): Promise<void> {
    this.#ended = true;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(new CatalogError('UNAVAILABLE', 'the catalog was closed'));
    await this.pool.end();
  }

  #release(client: pg.PoolClient): void {
    client.release();
    this.#handOn();
  }

  #turn(begunAt: number): Promise<void> {
    if (this.#ended) return Promise.reject(new CatalogError('UNAVAILABLE', 'the catalog was closed'));
    if (this.#free > 0 && this.#waiting.length === 0) {
      this.#free--;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      // After every waiter begun at or before this one: a binary search in the sorted queue.
      let low = 0;
      let high = this.#waiting.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((this.#waiting[middle]?.begunAt ?? 0) <= begunAt) low = middle + 1;
        else high = middle;
      }
      this.#waiting.splice(low, 0, { begunAt, resolve, reject });
    });
  }

  /** A connection given back: to the oldest waiter, or kept free. */
  #handOn(): void {
    const next = this.#waiting.shift();
    if (next !== undefined) next.resolve();
    else this.#free++;
  }
}
