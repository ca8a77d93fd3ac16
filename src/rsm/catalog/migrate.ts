// Bringing a catalog to this code's schema, or refusing to. Runs on every open, so it must be
// safe when several managers open one PostgreSQL catalog at once (one migrates, the others wait
// and then find nothing to do) and it must never write into something that is not ours.
import { Migrator, sql, type Kysely } from 'kysely';
import { CatalogError } from './catalogError.ts';
import type { Engine } from './engine.ts';
import { catalogMigrations, migrationProvider } from './migrations/index.ts';
import type { CatalogDatabase } from './schema.ts';
import { unusableCatalogFile } from './unusableCatalogFile.ts';

export const MIGRATION_TABLE = 'catalog_migration';
const MIGRATION_LOCK_TABLE = 'catalog_migration_lock';
/** pg_advisory_lock key held while one manager migrates ("CHNG"). */
const PG_MIGRATION_LOCK = sql.lit(0x43484e47);

type AnyDb = Kysely<CatalogDatabase>;

async function listTables(db: AnyDb, engine: Engine): Promise<string[]> {
  const query =
    engine === 'postgres'
      ? sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema()`
      : sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`;
  const { rows } = await query.execute(db);
  return rows.map((r) => r.name);
}

export interface MigrateOptions {
  /**
   * Whether a database without tables is a new catalog to create. True for PostgreSQL (a DBA
   * creates the empty database), in-memory SQLite and a file being created; false for a SQLite
   * file that was already there, which has lost its catalog rather than never had one.
   */
  readonly emptyIsNew: boolean;
}

function notACatalog(engine: Engine, where: string, tables: readonly string[]): CatalogError {
  if (tables.length === 0) return unusableCatalogFile(where, 'it is a SQLite database without any tables', 'NOT_A_CATALOG');
  const shown = tables.slice(0, 5).join(', ') + (tables.length > 5 ? ', …' : '');
  if (engine === 'sqlite') return unusableCatalogFile(where, `it is some other SQLite database (tables: ${shown})`, 'NOT_A_CATALOG');
  return new CatalogError('NOT_A_CATALOG', `${where} is not a Changer catalog (it holds other tables: ${shown}); refusing to change it. Use an empty database or a new file.`);
}

/** Refuse what is not a catalog, and a catalog written by newer code, before anything is written. */
async function checkExisting(db: AnyDb, engine: Engine, where: string, options: MigrateOptions): Promise<void> {
  const tables = await listTables(db, engine);
  if (tables.length === 0 && options.emptyIsNew) return;
  if (!tables.includes(MIGRATION_TABLE)) throw notACatalog(engine, where, tables);
  const { rows } = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(db);
  const known = new Set(Object.keys(catalogMigrations(engine)));
  const unknown = rows.map((r) => r.name).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new CatalogError(
      'SCHEMA_TOO_NEW',
      `${where} was migrated by a newer Changer (schema steps unknown here: ${unknown.join(', ')}); upgrade this manager instead of opening the catalog with it.`,
    );
  }
}

async function runMigrator(db: AnyDb, engine: Engine): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider(engine),
    migrationTableName: MIGRATION_TABLE,
    migrationLockTableName: MIGRATION_LOCK_TABLE,
    // On SQLite the caller already holds an IMMEDIATE transaction around the whole run.
    disableTransactions: engine === 'sqlite',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const message = error instanceof Error ? error.message : String(error);
    throw new CatalogError('MIGRATION_FAILED', `catalog migration ${failed ?? ''} failed: ${message}`, { cause: error });
  }
}

export async function migrateCatalog(db: AnyDb, engine: Engine, where: string, options: MigrateOptions): Promise<void> {
  await db.connection().execute(async (conn) => {
    if (engine === 'postgres') {
      await sql`select pg_advisory_lock(${PG_MIGRATION_LOCK})`.execute(conn);
      try {
        await checkExisting(conn, engine, where, options);
        await runMigrator(conn, engine);
      } finally {
        await sql`select pg_advisory_unlock(${PG_MIGRATION_LOCK})`.execute(conn);
      }
      return;
    }
    // IMMEDIATE takes the write lock up front: two processes opening a new file cannot interleave.
    await sql`begin immediate`.execute(conn);
    try {
      await checkExisting(conn, engine, where, options);
      await runMigrator(conn, engine);
      await sql`commit`.execute(conn);
    } catch (err) {
      await sql`rollback`.execute(conn);
      throw err;
    }
  });
}
