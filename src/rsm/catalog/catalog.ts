// The RSM catalog: the manager's memory of its libraries, media, pools and queues, on SQLite
// (one host, the embedded default) or PostgreSQL (many managers, many hosts). Opening migrates;
// a catalog this code cannot safely use is refused, never reset, and only a missing file starts a new one.
import type { Kysely } from 'kysely';
import { CatalogError } from './catalogError.ts';
import { DEFAULT_BUSY_TIMEOUT_MS, connect, parseCatalogUrl, type CatalogLocation, type ConnectOptions } from './connect.ts';
import { CatalogContext, SYSTEM_CLOCK, type CatalogClock } from './context.ts';
import type { Engine } from './engine.ts';
import { migrateCatalog } from './migrate.ts';
import { ensureSqliteCatalogFile } from './newSqliteCatalog.ts';
import type { CatalogDatabase } from './schema.ts';
import { CatalogScope } from './scope.ts';
import { MEMORY_PATH } from './sqliteFile.ts';

export interface OpenCatalogOptions extends ConnectOptions {
  readonly clock?: CatalogClock;
}

/** How a location is named in messages: the file, or the URL without its password. */
function describe(location: CatalogLocation): string {
  if (location.engine === 'sqlite') return location.path;
  try {
    const url = new URL(location.url);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return 'the PostgreSQL catalog';
  }
}

/** Errors the catalog did not classify (connection refused, no such file…) become UNAVAILABLE. */
function classified(err: unknown, where: string): CatalogError {
  if (err instanceof CatalogError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new CatalogError('UNAVAILABLE', `cannot open the catalog at ${where}: ${reason}`, { cause: err });
}

export class Catalog extends CatalogScope {
  private constructor(
    ctx: CatalogContext,
    private readonly db: Kysely<CatalogDatabase>,
    readonly where: string,
    private readonly mark: () => Promise<string>,
    private readonly closeConnection: () => Promise<void>,
  ) {
    super(ctx);
  }

  /** `url`: a file path, `sqlite:<path>`, or `postgres://user@host:port/database`. */
  static async open(url: string, options: OpenCatalogOptions = {}): Promise<Catalog> {
    const location = parseCatalogUrl(url);
    const where = describe(location);
    const fileCatalog = location.engine === 'sqlite' && location.path !== MEMORY_PATH;
    let connection: ReturnType<typeof connect>;
    try {
      if (fileCatalog) await ensureSqliteCatalogFile(location.path, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
      connection = connect(location, options);
    } catch (err) {
      throw classified(err, where);
    }
    const { engine, db, arrays, mediaMark, close } = connection;
    try {
      await migrateCatalog(db, engine, where, { emptyIsNew: !fileCatalog });
    } catch (err) {
      await close().catch(() => undefined);
      throw classified(err, where);
    }
    return new Catalog(new CatalogContext(db, engine, options.clock ?? SYSTEM_CLOCK, false, arrays), db, where, mediaMark, close);
  }

  get engine(): Engine {
    return this.ctx.engine;
  }

  /**
   * Run `work` atomically: everything it does through `tx` commits together or not at all. On
   * PostgreSQL a deadlock with another manager reruns `work`, so it must only touch the catalog.
   */
  transaction<T>(work: (tx: CatalogScope) => Promise<T>): Promise<T> {
    return this.ctx.atomic((ctx) => work(new CatalogScope(ctx)));
  }

  /**
   * A mark that differs from every earlier one whenever what a media listing shows — media, their
   * sides, pools, library names — may have changed since, by this manager or any other process;
   * equal marks mean none of it did (requests, leases, drives and the audit do not move it).
   * Anything read after taking a mark is at least as new as the mark, so a listing computed then
   * may be kept and given again for as long as the mark stays the same. Cheap: one prepared
   * statement on SQLite, one round trip on PostgreSQL (migration 0007's version).
   */
  mediaChangeMark(): Promise<string> {
    return this.mark();
  }

  /** The raw Kysely handle, for queries no catalog call covers yet (reports, diagnostics). */
  get kysely(): Kysely<CatalogDatabase> {
    return this.db;
  }

  async close(): Promise<void> {
    await this.closeConnection();
  }
}
