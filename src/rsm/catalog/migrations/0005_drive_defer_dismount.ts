// A drive's own deferred-dismount delay (NTMS dwDeferDismountDelay, writable per drive through
// SetNtmsObjectInformation): null keeps the manager's default.
import type { Kysely, Migration } from 'kysely';

export function driveDeferDismountMigration(): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('object_settings').addColumn('defer_dismount_ms', 'bigint').execute();
    },
  };
}
