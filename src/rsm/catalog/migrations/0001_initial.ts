// The first catalog schema. Frozen once released: later changes are new migrations, and the
// value lists in CHECK constraints are literal copies, not imports, so editing the vocabulary
// can never silently change what this migration created.
import { sql, type CreateTableBuilder, type Kysely, type Migration, type RawBuilder } from 'kysely';
import type { Engine } from '../engine.ts';

function oneOf(column: string, values: readonly string[]): RawBuilder<unknown> {
  return sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(', ')})`);
}

/** An increasing integer key: FIFO order and short ids an operator can type. */
function withSerialId<T extends string>(engine: Engine, table: CreateTableBuilder<T, never>): CreateTableBuilder<T, 'id'> {
  return engine === 'postgres'
    ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

export function initialMigration(engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('libraries')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('device_url', 'text', (c) => c.notNull())
        .addColumn('profile', 'text')
        .addColumn('vendor_id', 'text')
        .addColumn('product_id', 'text')
        .addColumn('revision', 'text')
        .addColumn('serial_number', 'text')
        .addColumn('state', 'text', (c) => c.notNull().defaultTo('offline'))
        .addColumn('cleaner_slot', 'integer')
        .addColumn('owner_id', 'text')
        .addColumn('lease_expires_at', 'bigint')
        .addColumn('lease_acquired_at', 'bigint')
        .addColumn('fencing_key', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addCheckConstraint('libraries_state', oneOf('state', ['online', 'offline']))
        .addCheckConstraint('libraries_lease_whole', sql`(owner_id is null) = (lease_expires_at is null)`)
        .execute();

      await db.schema
        .createTable('elements')
        .addColumn('library_id', 'text', (c) => c.notNull().references('libraries.id').onDelete('cascade'))
        .addColumn('element_type', 'text', (c) => c.notNull())
        .addColumn('element_index', 'integer', (c) => c.notNull())
        .addColumn('display_number', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull().defaultTo('unknown'))
        .addColumn('magazine', 'integer')
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addPrimaryKeyConstraint('elements_pk', ['library_id', 'element_type', 'element_index'])
        .addCheckConstraint('elements_type', oneOf('element_type', ['transport', 'slot', 'ieport', 'drive', 'door']))
        .addCheckConstraint(
          'elements_state',
          oneOf('state', ['unknown', 'full', 'empty', 'not-present', 'needs-inventory', 'open', 'closed', 'extended', 'retracted']),
        )
        .addCheckConstraint('elements_index', sql`element_index >= 0`)
        .execute();

      await db.schema
        .createTable('drives')
        .addColumn('library_id', 'text', (c) => c.notNull().references('libraries.id').onDelete('cascade'))
        .addColumn('drive_index', 'integer', (c) => c.notNull())
        .addColumn('serial_number', 'text')
        .addColumn('device_path', 'text')
        .addColumn('media_types_read', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('media_types_written', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('state', 'text', (c) => c.notNull().defaultTo('dismounted'))
        .addColumn('needs_cleaning', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_cleaned_at', 'bigint')
        .addColumn('mount_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('drives_pk', ['library_id', 'drive_index'])
        .addCheckConstraint('drives_state', oneOf('state', ['dismounted', 'mounted', 'loaded', 'unloaded', 'being-cleaned', 'dismountable']))
        .execute();

      await db.schema
        .createTable('pools')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('pool_type', 'text', (c) => c.notNull())
        .addColumn('media_type', 'text')
        .addColumn('parent_id', 'text', (c) => c.references('pools.id'))
        .addColumn('allocate_from_scratch', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('deallocate_to_scratch', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('max_allocations', 'integer')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addCheckConstraint('pools_type', oneOf('pool_type', ['free', 'import', 'unrecognized', 'application']))
        .execute();
      // One free, one import and one unrecognized pool per media type.
      await db.schema
        .createIndex('pools_system_per_type')
        .unique()
        .on('pools')
        .columns(['pool_type', 'media_type'])
        .where(sql.raw<boolean>(`pool_type <> 'application'`))
        .execute();

      await db.schema
        .createTable('media')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('library_id', 'text', (c) => c.notNull().references('libraries.id'))
        .addColumn('barcode', 'text')
        .addColumn('barcode_state', 'text', (c) => c.notNull().defaultTo('ok'))
        .addColumn('media_type', 'text', (c) => c.notNull())
        .addColumn('sides', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('pool_id', 'text', (c) => c.references('pools.id'))
        .addColumn('state', 'text', (c) => c.notNull().defaultTo('idle'))
        .addColumn('location_type', 'text', (c) => c.notNull())
        .addColumn('location_index', 'integer')
        .addColumn('home_slot', 'integer')
        .addColumn('mount_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_mounted_at', 'bigint')
        .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('cleaner_uses_remaining', 'integer')
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addCheckConstraint('media_barcode_state', oneOf('barcode_state', ['ok', 'unreadable', 'none']))
        .addCheckConstraint('media_state', oneOf('state', ['idle', 'in-use', 'mounted', 'loaded', 'unloaded', 'operror', 'opreq']))
        .addCheckConstraint('media_location_type', oneOf('location_type', ['transport', 'slot', 'ieport', 'drive', 'outside']))
        // Outside the library there is no index; inside there always is.
        .addCheckConstraint('media_location_whole', sql`(location_type = 'outside') = (location_index is null)`)
        .addCheckConstraint('media_sides_count', sql`sides in (1, 2)`)
        // A medium can only be where the library has an element (skipped for `outside`: null index).
        .addForeignKeyConstraint(
          'media_location_element',
          ['library_id', 'location_type', 'location_index'],
          'elements',
          ['library_id', 'element_type', 'element_index'],
        )
        .execute();
      // A barcode names one cartridge per library; a second cartridge with the same label is a
      // reconciliation finding (an operator request), never a second row.
      await db.schema.createIndex('media_barcode').unique().on('media').columns(['library_id', 'barcode']).execute();
      // One cartridge per element: the catalog can never put two media in one place.
      await db.schema
        .createIndex('media_location')
        .unique()
        .on('media')
        .columns(['library_id', 'location_type', 'location_index'])
        .where(sql.raw<boolean>('location_index is not null'))
        .execute();
      await db.schema.createIndex('media_pool_state').on('media').columns(['pool_id', 'state']).execute();

      await db.schema
        .createTable('media_sides')
        .addColumn('medium_id', 'text', (c) => c.notNull().references('media.id').onDelete('cascade'))
        .addColumn('side', 'integer', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('allocation_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('mount_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('application', 'text')
        .addPrimaryKeyConstraint('media_sides_pk', ['medium_id', 'side'])
        .addCheckConstraint('media_sides_side', sql`side in (0, 1)`)
        .addCheckConstraint(
          'media_sides_state',
          oneOf('state', ['new', 'unprepared', 'incompatible', 'decommissioned', 'available', 'allocated', 'complete', 'foreign', 'import', 'reserved']),
        )
        .execute();
      await db.schema.createIndex('media_sides_state').on('media_sides').columns(['state', 'medium_id']).execute();

      await withSerialId(engine, db.schema.createTable('requests'))
        .addColumn('library_id', 'text', (c) => c.notNull().references('libraries.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('application', 'text')
        .addColumn('user_name', 'text')
        .addColumn('medium_id', 'text', (c) => c.references('media.id').onDelete('set null'))
        .addColumn('side', 'integer')
        .addColumn('pool_id', 'text', (c) => c.references('pools.id').onDelete('set null'))
        .addColumn('drive_index', 'integer')
        .addColumn('destination_type', 'text')
        .addColumn('destination_index', 'integer')
        .addColumn('options', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('deadline_at', 'bigint')
        .addColumn('submitted_at', 'bigint', (c) => c.notNull())
        .addColumn('started_at', 'bigint')
        .addColumn('finished_at', 'bigint')
        .addColumn('error_code', 'text')
        .addColumn('claimed_by', 'text')
        .addCheckConstraint('requests_kind', oneOf('kind', ['mount', 'dismount', 'move', 'inject', 'eject', 'inventory', 'clean']))
        .addCheckConstraint('requests_state', oneOf('state', ['queued', 'waiting', 'in-progress', 'completed', 'failed', 'cancelled', 'timed-out']))
        .addCheckConstraint('requests_priority', sql`priority between -15 and 15`)
        .addCheckConstraint('requests_destination', sql`destination_type is null or destination_type in ('transport', 'slot', 'ieport', 'drive')`)
        .execute();
      // The scheduler's question: the next queued request of a library, highest priority, oldest first.
      await db.schema
        .createIndex('requests_queue')
        .on('requests')
        .columns(['library_id', 'state', 'priority desc', 'submitted_at', 'id'])
        .execute();

      await withSerialId(engine, db.schema.createTable('request_history'))
        .addColumn('request_id', 'bigint', (c) => c.notNull().references('requests.id').onDelete('cascade'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('note', 'text')
        .execute();
      await db.schema.createIndex('request_history_request').on('request_history').columns(['request_id', 'id']).execute();

      await withSerialId(engine, db.schema.createTable('operator_requests'))
        .addColumn('library_id', 'text', (c) => c.references('libraries.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('barcode', 'text')
        .addColumn('medium_id', 'text', (c) => c.references('media.id').onDelete('set null'))
        .addColumn('pool_id', 'text', (c) => c.references('pools.id').onDelete('set null'))
        .addColumn('drive_index', 'integer')
        .addColumn('application', 'text')
        .addColumn('user_name', 'text')
        .addColumn('submitted_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('resolved_by', 'text')
        .addCheckConstraint('operator_requests_kind', oneOf('kind', ['new-media', 'cleaner', 'device-service', 'move-media', 'message']))
        .addCheckConstraint('operator_requests_state', oneOf('state', ['submitted', 'acknowledged', 'refused', 'completed']))
        .execute();
      await db.schema.createIndex('operator_requests_state').on('operator_requests').columns(['state', 'id']).execute();
      // A condition the catalog detects (a duplicate barcode…) is raised once while it is open.
      await db.schema
        .createIndex('operator_requests_open_reason')
        .unique()
        .on('operator_requests')
        .columns(['library_id', 'reason', 'barcode'])
        .where(sql.raw<boolean>(`reason is not null and state in ('submitted', 'acknowledged')`))
        .execute();

      await withSerialId(engine, db.schema.createTable('audit'))
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('who_token', 'text')
        .addColumn('who_role', 'text')
        .addColumn('who_application', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('library_id', 'text')
        .addColumn('target', 'text')
        .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await db.schema.createIndex('audit_at').on('audit').columns(['at', 'id']).execute();
      await db.schema.createIndex('audit_library').on('audit').columns(['library_id', 'at']).execute();
    },
  };
}
