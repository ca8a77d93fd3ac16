// What people set on a library, drive or medium: a name and a description (SetNtmsObjectInformation)
// and whether it is out of service, with the reason they gave (Disable/EnableNtmsObject). A drive's
// and a medium's enabled flags stay where the scheduler's checks read them (elements, media); this
// table keeps the reason beside them, and the library's own flag.
import type { Selectable } from 'kysely';
import type { CatalogContext } from './context.ts';
import type { ObjectSettingsTable } from './schema.ts';

export type SettingsObjectType = ObjectSettingsTable['object_type'];

export interface ObjectSettings {
  readonly name: string | null;
  readonly description: string | null;
  readonly disabled: boolean;
  readonly disabledReason: string | null;
  /** A drive's deferred-dismount delay; null: the manager's default. */
  readonly deferDismountMs: number | null;
}

export interface ObjectSettingsUpdate {
  readonly name?: string | null;
  readonly description?: string | null;
  readonly disabled?: boolean;
  readonly disabledReason?: string | null;
  readonly deferDismountMs?: number | null;
}

const NONE: ObjectSettings = { name: null, description: null, disabled: false, disabledReason: null, deferDismountMs: null };

function toSettings(row: Selectable<ObjectSettingsTable>): ObjectSettings {
  return { name: row.name, description: row.description, disabled: row.disabled === 1, disabledReason: row.disabled_reason, deferDismountMs: row.defer_dismount_ms };
}

export class ObjectSettingsStore {
  constructor(private readonly ctx: CatalogContext) {}

  async get(libraryId: string, type: SettingsObjectType, key: string): Promise<ObjectSettings> {
    const [row] = await this.ctx.sharedRows(
      this.ctx.db.selectFrom('object_settings').selectAll().where('library_id', '=', libraryId).where('object_type', '=', type).where('object_key', '=', key).compile(),
    );
    return row === undefined ? NONE : toSettings(row);
  }

  /** Every object of one type in a library that has settings, by key. */
  async ofType(libraryId: string, type: SettingsObjectType): Promise<Map<string, ObjectSettings>> {
    const rows = await this.ctx.db.selectFrom('object_settings').selectAll().where('library_id', '=', libraryId).where('object_type', '=', type).execute();
    return new Map(rows.map((r) => [r.object_key, toSettings(r)]));
  }

  async update(libraryId: string, type: SettingsObjectType, key: string, update: ObjectSettingsUpdate): Promise<ObjectSettings> {
    return this.ctx.atomic(async (tx) => {
      const store = new ObjectSettingsStore(tx);
      const current = await store.get(libraryId, type, key);
      const next: ObjectSettings = {
        name: update.name !== undefined ? update.name : current.name,
        description: update.description !== undefined ? update.description : current.description,
        disabled: update.disabled ?? current.disabled,
        disabledReason: update.disabledReason !== undefined ? update.disabledReason : current.disabledReason,
        deferDismountMs: update.deferDismountMs !== undefined ? update.deferDismountMs : current.deferDismountMs,
      };
      const row = { name: next.name, description: next.description, disabled: next.disabled ? 1 as const : 0 as const, disabled_reason: next.disabledReason, defer_dismount_ms: next.deferDismountMs, updated_at: tx.now() };
      await tx.db.insertInto('object_settings').values({ library_id: libraryId, object_type: type, object_key: key, ...row })
        .onConflict((oc) => oc.columns(['library_id', 'object_type', 'object_key']).doUpdateSet(row)).execute();
      return next;
    });
  }
}
