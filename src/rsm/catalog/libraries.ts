// Libraries and their elements. A library's elements are upserted from its layout each time the
// manager opens the device, so a library that grew a magazine gains slots and keeps its media.
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { CatalogError } from './catalogError.ts';
import type { CatalogContext } from './context.ts';
import type { ElementRange, LibraryLayout, LibraryProduct } from './layout.ts';
import type { DrivesTable, ElementsTable, LibrariesTable } from './schema.ts';
import type { ElementState, ElementTypeName, LibraryState } from './vocabulary.ts';

export interface LeaseHolder {
  readonly ownerId: string;
  readonly expiresAt: number;
  readonly acquiredAt: number;
  readonly fencingKey: number;
}

export interface Library {
  readonly id: string;
  readonly name: string;
  readonly deviceUrl: string;
  readonly profile: string | null;
  readonly product: LibraryProduct | null;
  readonly state: LibraryState;
  readonly cleanerSlot: number | null;
  /** The manager that owns the library, as last written (its lease may have expired since). */
  readonly lease: LeaseHolder | null;
  /** The fencing key of the latest acquisition (0 before the first). */
  readonly fencingKey: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface Element {
  readonly libraryId: string;
  readonly type: ElementTypeName;
  readonly index: number;
  readonly displayNumber: number;
  readonly state: ElementState;
  readonly magazine: number | null;
  readonly enabled: boolean;
}

function toLibrary(row: Selectable<LibrariesTable>): Library {
  const product =
    row.vendor_id !== null
      ? { vendorId: row.vendor_id, productId: row.product_id ?? '', revision: row.revision ?? '', serialNumber: row.serial_number ?? '' }
      : null;
  const lease =
    row.owner_id !== null && row.lease_expires_at !== null
      ? { ownerId: row.owner_id, expiresAt: row.lease_expires_at, acquiredAt: row.lease_acquired_at ?? 0, fencingKey: row.fencing_key }
      : null;
  return {
    id: row.id,
    name: row.name,
    deviceUrl: row.device_url,
    profile: row.profile,
    product,
    state: row.state,
    cleanerSlot: row.cleaner_slot,
    lease,
    fencingKey: row.fencing_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toElement(row: Selectable<ElementsTable>): Element {
  return {
    libraryId: row.library_id,
    type: row.element_type,
    index: row.element_index,
    displayNumber: row.display_number,
    state: row.state,
    magazine: row.magazine,
    enabled: row.enabled === 1,
  };
}

/** SQLite caps bound parameters per statement; elements are inserted in chunks below it. */
const INSERT_CHUNK = 500;

function desiredElements(libraryId: string, layout: LibraryLayout): Map<ElementTypeName, ElementsTable[]> {
  const ranges: [ElementTypeName, ElementRange, number | undefined][] = [
    ['transport', layout.transports, undefined],
    ['slot', layout.slots, layout.slots.magazineSize],
    ['ieport', layout.ieports, undefined],
    ['drive', layout.drives, undefined],
    ['door', { count: layout.doors }, undefined],
  ];
  const byType = new Map<ElementTypeName, ElementsTable[]>();
  for (const [type, range, magazineSize] of ranges) {
    if (!Number.isInteger(range.count) || range.count < 0) throw new CatalogError('INVALID_PARAMETER', `layout of ${layout.name}: ${type} count ${range.count}`);
    const rows: ElementsTable[] = [];
    for (let index = 0; index < range.count; index++) {
      rows.push({
        library_id: libraryId,
        element_type: type,
        element_index: index,
        display_number: (range.firstNumber ?? 0) + index,
        state: 'unknown',
        magazine: magazineSize !== undefined && magazineSize > 0 ? Math.floor(index / magazineSize) : null,
        enabled: 1,
      });
    }
    byType.set(type, rows);
  }
  return byType;
}

export class Libraries {
  constructor(private readonly ctx: CatalogContext) {}

  /**
   * Create or update a library and its elements from its layout (keyed by name). Elements the
   * layout no longer has are removed, unless a medium is recorded there: then nothing changes
   * and ELEMENT_OCCUPIED names the media, because the catalog must not lose a cartridge.
   */
  upsert(layout: LibraryLayout): Promise<Library> {
    return this.ctx.atomic(async (ctx) => {
      const now = ctx.now();
      const product = layout.product ?? null;
      const fields = {
        device_url: layout.deviceUrl,
        profile: layout.profile ?? null,
        vendor_id: product?.vendorId ?? null,
        product_id: product?.productId ?? null,
        revision: product?.revision ?? null,
        serial_number: product?.serialNumber ?? null,
        cleaner_slot: layout.cleanerSlot ?? null,
        updated_at: now,
      };
      // ON CONFLICT DO NOTHING: a manager racing to create the same library waits for the other's
      // commit and then updates the row it created, instead of failing the whole transaction.
      await ctx.db
        .insertInto('libraries')
        .values({ id: randomUUID(), name: layout.name, state: 'offline', fencing_key: 0, created_at: now, ...fields })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const existing = await ctx.db.selectFrom('libraries').select('id').where('name', '=', layout.name).executeTakeFirstOrThrow();
      await ctx.db.updateTable('libraries').set(fields).where('id', '=', existing.id).execute();
      await syncElements(ctx, existing.id, layout);
      return toLibrary(await ctx.db.selectFrom('libraries').selectAll().where('id', '=', existing.id).executeTakeFirstOrThrow());
    });
  }

  async get(id: string): Promise<Library> {
    const row = await this.ctx.db.selectFrom('libraries').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new CatalogError('NOT_FOUND', `no library ${id}`);
    return toLibrary(row);
  }

  async findByName(name: string): Promise<Library | undefined> {
    const row = await this.ctx.db.selectFrom('libraries').selectAll().where('name', '=', name).executeTakeFirst();
    return row === undefined ? undefined : toLibrary(row);
  }

  async list(): Promise<Library[]> {
    const rows = await this.ctx.db.selectFrom('libraries').selectAll().orderBy('name').execute();
    return rows.map(toLibrary);
  }

  async setState(id: string, state: LibraryState): Promise<void> {
    const result = await this.ctx.db.updateTable('libraries').set({ state, updated_at: this.ctx.now() }).where('id', '=', id).executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new CatalogError('NOT_FOUND', `no library ${id}`);
  }

  async elements(libraryId: string, type?: ElementTypeName): Promise<Element[]> {
    let query = this.ctx.db.selectFrom('elements').selectAll().where('library_id', '=', libraryId);
    if (type !== undefined) query = query.where('element_type', '=', type);
    const rows = await this.ctx.sharedRows(query.orderBy('element_type').orderBy('element_index').compile());
    return rows.map(toElement);
  }

  async element(libraryId: string, type: ElementTypeName, index: number): Promise<Element | undefined> {
    const row = await this.ctx.db
      .selectFrom('elements')
      .selectAll()
      .where('library_id', '=', libraryId)
      .where('element_type', '=', type)
      .where('element_index', '=', index)
      .executeTakeFirst();
    return row === undefined ? undefined : toElement(row);
  }

  /** Record what the library reported about an element (full/empty, door open, magazine missing…). */
  async setElementState(libraryId: string, type: ElementTypeName, index: number, state: ElementState): Promise<void> {
    await this.updateElement(libraryId, type, index, { state });
  }

  async setElementEnabled(libraryId: string, type: ElementTypeName, index: number, enabled: boolean): Promise<void> {
    await this.updateElement(libraryId, type, index, { enabled: enabled ? 1 : 0 });
  }

  private async updateElement(libraryId: string, type: ElementTypeName, index: number, patch: Partial<Pick<ElementsTable, 'state' | 'enabled'>>): Promise<void> {
    const result = await this.ctx.db
      .updateTable('elements')
      .set(patch)
      .where('library_id', '=', libraryId)
      .where('element_type', '=', type)
      .where('element_index', '=', index)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new CatalogError('NO_SUCH_ELEMENT', `library ${libraryId} has no ${type} ${index}`);
  }
}

async function syncElements(ctx: CatalogContext, libraryId: string, layout: LibraryLayout): Promise<void> {
  const desired = desiredElements(libraryId, layout);
  const current = await ctx.db.selectFrom('elements').selectAll().where('library_id', '=', libraryId).execute();
  for (const [type, rows] of desired) {
    const existing = new Map(current.filter((e) => e.element_type === type).map((e) => [e.element_index, e]));
    const removed = [...existing.keys()].filter((index) => index >= rows.length);
    if (removed.length > 0) await removeElements(ctx, libraryId, type, rows.length, layout.name);
    const missing = rows.filter((row) => !existing.has(row.element_index));
    for (let i = 0; i < missing.length; i += INSERT_CHUNK) {
      await ctx.db
        .insertInto('elements')
        .values(missing.slice(i, i + INSERT_CHUNK))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    for (const row of rows) {
      const before = existing.get(row.element_index);
      if (before !== undefined && (before.display_number !== row.display_number || before.magazine !== row.magazine)) {
        await ctx.db
          .updateTable('elements')
          .set({ display_number: row.display_number, magazine: row.magazine })
          .where('library_id', '=', libraryId)
          .where('element_type', '=', type)
          .where('element_index', '=', row.element_index)
          .execute();
      }
    }
    if (type === 'drive') await syncDriveRows(ctx, libraryId, rows.length);
  }
}

async function removeElements(ctx: CatalogContext, libraryId: string, type: ElementTypeName, keep: number, name: string): Promise<void> {
  if (type !== 'door') {
    const stranded = await ctx.db
      .selectFrom('media')
      .select(['barcode', 'id', 'location_index'])
      .where('library_id', '=', libraryId)
      .where('location_type', '=', type)
      .where('location_index', '>=', keep)
      .execute();
    if (stranded.length > 0) {
      const names = stranded.map((m) => `${m.barcode ?? m.id} in ${type} ${String(m.location_index)}`).join(', ');
      throw new CatalogError('ELEMENT_OCCUPIED', `library ${name} no longer has ${type}s from ${keep} on, but the catalog records media there: ${names}; reconcile them first`);
    }
  }
  if (type === 'drive') await ctx.db.deleteFrom('drives').where('library_id', '=', libraryId).where('drive_index', '>=', keep).execute();
  await ctx.db.deleteFrom('elements').where('library_id', '=', libraryId).where('element_type', '=', type).where('element_index', '>=', keep).execute();
}

async function syncDriveRows(ctx: CatalogContext, libraryId: string, count: number): Promise<void> {
  const present = new Set((await ctx.db.selectFrom('drives').select('drive_index').where('library_id', '=', libraryId).execute()).map((d) => d.drive_index));
  const missing: DrivesTable[] = [];
  for (let index = 0; index < count; index++) {
    if (present.has(index)) continue;
    missing.push({
      library_id: libraryId,
      drive_index: index,
      serial_number: null,
      device_path: null,
      media_types_read: '[]',
      media_types_written: '[]',
      state: 'dismounted',
      needs_cleaning: 0,
      last_cleaned_at: null,
      mount_count: 0,
    });
  }
  if (missing.length > 0) await ctx.db.insertInto('drives').values(missing).onConflict((oc) => oc.doNothing()).execute();
}
