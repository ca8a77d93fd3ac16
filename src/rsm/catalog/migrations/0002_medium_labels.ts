// What a full inventory learns by reading a cartridge in a drive (NTMS's on-media identifier):
// the kind of label written at the start of the tape and the volume name it carries. Both null
// until the medium has been read. Frozen like 0001: the value list is a literal copy.
import { sql, type Kysely, type Migration } from 'kysely';

export function mediumLabelsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('media')
        .addColumn('label_type', 'text', (c) => c.check(sql.raw(`label_type in ('blank', 'ansi', 'amanda', 'foreign')`)))
        .execute();
      await db.schema.alterTable('media').addColumn('label_id', 'text').execute();
      await db.schema.alterTable('media').addColumn('label_read_at', 'bigint').execute();
    },
  };
}
