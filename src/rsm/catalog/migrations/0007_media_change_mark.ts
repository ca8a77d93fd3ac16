// A version that moves whenever what a media listing shows may have: media, their sides, pools
// (a medium's pool name) and libraries' names. Kept by triggers, so every writer moves it —
// another manager, the CLI, an older Changer on the same catalog — and nothing else does: lease
// renewals, queued requests, their history and the audit leave it alone. Under 200 clients
// paging the catalog, the whole-catalog mark (any commit) had every page read afresh at each
// lease renewal and each step of every mount (Catalog.mediaChangeMark).
import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../engine.ts';

/** The tables a listing reads, and on which writes to each the mark moves. */
const WATCHED: readonly { readonly table: string; readonly events: readonly string[] }[] = [
  { table: 'media', events: ['insert', 'update', 'delete'] },
  { table: 'media_sides', events: ['insert', 'update', 'delete'] },
  { table: 'pools', events: ['insert', 'update', 'delete'] },
  // A library's lease columns change every few seconds; only its name is in a listing.
  { table: 'libraries', events: ['insert', 'update of name', 'delete'] },
];

export function mediaChangeMarkMigration(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('change_marks')
        .addColumn('topic', 'text', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute();
      await sql`insert into change_marks (topic, version) values ('media', 0)`.execute(db);
      if (engine === 'postgres') {
        // At commit (deferred), once per transaction: the row is locked only while the writer
        // commits, and an inventory that rewrites 10 000 media moves it once. Atomic with the data.
        await sql`
          create function changer_media_changed() returns trigger language plpgsql as $$
          begin
            if current_setting('changer.media_marked', true) is distinct from txid_current()::text then
              perform set_config('changer.media_marked', txid_current()::text, true);
              update change_marks set version = version + 1 where topic = 'media';
            end if;
            return null;
          end $$`.execute(db);
        for (const { table, events } of WATCHED) {
          await sql`create constraint trigger ${sql.raw(`${table}_media_mark`)} after ${sql.raw(events.join(' or '))} on ${sql.table(table)} deferrable initially deferred for each row execute function changer_media_changed()`.execute(db);
        }
        return;
      }
      // SQLite has one writer at a time: a row trigger's update costs about a microsecond.
      for (const { table, events } of WATCHED) {
        for (const event of events) {
          const name = `${table}_media_mark_${event.split(' ')[0] ?? event}`;
          await sql`create trigger ${sql.raw(name)} after ${sql.raw(event)} on ${sql.table(table)} begin update change_marks set version = version + 1 where topic = 'media'; end`.execute(db);
        }
      }
    },
  };
}
