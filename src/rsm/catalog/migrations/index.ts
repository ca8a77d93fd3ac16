// The catalog's one migration set, in order. Names sort in application order; a catalog that has
// run a name this list does not know was written by newer code and is refused (see migrate.ts).
import type { Migration, MigrationProvider } from 'kysely';
import type { Engine } from '../engine.ts';
import { initialMigration } from './0001_initial.ts';
import { mediumLabelsMigration } from './0002_medium_labels.ts';
import { objectSettingsMigration } from './0003_object_settings.ts';
import { mediumSidesMigration } from './0004_medium_sides.ts';
import { driveDeferDismountMigration } from './0005_drive_defer_dismount.ts';
import { mediaListingIndexMigration } from './0006_media_listing_index.ts';
import { mediaChangeMarkMigration } from './0007_media_change_mark.ts';

export function catalogMigrations(engine: Engine): Record<string, Migration> {
  return {
    '0001_initial': initialMigration(engine),
    '0002_medium_labels': mediumLabelsMigration(),
    '0003_object_settings': objectSettingsMigration(),
    '0004_medium_sides': mediumSidesMigration(),
    '0005_drive_defer_dismount': driveDeferDismountMigration(),
    '0006_media_listing_index': mediaListingIndexMigration(),
    '0007_media_change_mark': mediaChangeMarkMigration(engine),
  };
}

export function migrationProvider(engine: Engine): MigrationProvider {
  return { getMigrations: () => Promise.resolve(catalogMigrations(engine)) };
}
