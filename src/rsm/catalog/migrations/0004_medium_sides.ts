// Two-sided media (optical cartridges a jukebox flips): the volume tag of side B, which the library
// reports as the alternate tag while side A faces up and as the primary one once the cartridge is
// flipped, and which side faces the drive's head now — so the manager knows when a mount of the
// other side must flip the cartridge on its way. Tape: no side-B tag, side 0 facing, always.
import { sql, type Kysely, type Migration } from 'kysely';

export function mediumSidesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('media').addColumn('alternate_barcode', 'text').execute();
      await db.schema
        .alterTable('media')
        .addColumn('facing_side', 'integer', (c) => c.notNull().defaultTo(0).check(sql.raw('facing_side in (0, 1)')))
        .execute();
    },
  };
}
