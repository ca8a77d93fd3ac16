// What people say about a library, drive or medium (NTMS szName/szDescription, and why an object
// was disabled), and whether a library is in service. Kept in a table of its own rather than in
// columns of each object's table: the objects' rows are rewritten by reconciliation, these are
// written only by people. Frozen like 0001: the value list is a literal copy.
import { sql, type Kysely, type Migration } from 'kysely';

export function objectSettingsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('object_settings')
        .addColumn('library_id', 'text', (c) => c.notNull().references('libraries.id').onDelete('cascade'))
        .addColumn('object_type', 'text', (c) => c.notNull().check(sql.raw(`object_type in ('library', 'drive', 'medium')`)))
        // '' for the library itself, the drive index, or the medium id.
        .addColumn('object_key', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('description', 'text')
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('disabled_reason', 'text')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('object_settings_pk', ['library_id', 'object_type', 'object_key'])
        .execute();
    },
  };
}
