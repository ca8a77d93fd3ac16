// Media: cartridges the catalog knows, their pool, state, wear and whereabouts. Placement and
// allocation, the two operations that must stay correct under races, live in their own files.
import { randomUUID } from 'node:crypto';
import type { CompiledQuery, SelectQueryBuilder } from 'kysely';
import { allocate, deallocate, type AllocateOptions, type Allocation } from './allocation.ts';
import { readLabel, UNKNOWN_MEDIA_TYPE } from './barcode.ts';
import { CatalogError } from './catalogError.ts';
import { isUniqueViolation, MEDIA_BARCODE_INDEX, MEDIA_LOCATION_INDEX } from './constraintViolation.ts';
import type { CatalogContext } from './context.ts';
import { describeLocation, locationColumns, locationOf, toMedium, toSide, type Location, type Medium, type MediumSide } from './medium.ts';
import { MEDIUM_COLUMNS, mediumOfValues, SIDE_COLUMNS, sideOfValues } from './mediaRows.ts';
import { whereMedia, type MediaSearch } from './mediaSearch.ts';
import type { KeptMedia } from './keptMedia.ts';
import type { CatalogDatabase, MediaTable } from './schema.ts';
import { place, placeMany, type Placement } from './placement.ts';
import { Pools, type Pool } from './pools.ts';
import { completeSide, decommissionSide, deleteOfflineMedium, swapSides, type SideRef } from './sideLifecycle.ts';
import type { BarcodeState, LabelType, MediumElementType, MediumState, SideState, SystemPoolType } from './vocabulary.ts';

export interface NewMedium {
  readonly libraryId: string;
  /** Null for a cartridge without a readable label. */
  readonly barcode: string | null;
  readonly barcodeState?: BarcodeState;
  /** Default: read from the barcode's media ID; `unknown` if it says nothing. */
  readonly mediaType?: string;
  readonly sides?: 1 | 2;
  /** Two-sided media: side B's volume tag, and the side facing up when it was found. */
  readonly alternateBarcode?: string | null;
  readonly facingSide?: 0 | 1;
  readonly location: Location;
  /** Default: the slot it was found in. */
  readonly homeSlot?: number | null;
  /**
   * The pool it enters: a system pool by type, or a pool id. Default: none for cleaners, the
   * import pool when the media type is known (the tape may hold someone's data), the
   * unrecognized pool otherwise.
   */
  readonly pool?: SystemPoolType | { readonly id: string };
  /** Default follows the pool: available (free), import, foreign (unrecognized), available (application). */
  readonly sideState?: SideState;
  /** Default for cleaners: -1 (use until it no longer cleans). */
  readonly cleanerUsesRemaining?: number | null;
}

export interface MediaFilter {
  readonly libraryId?: string;
  readonly poolId?: string;
  readonly state?: MediumState;
  readonly locationType?: MediumElementType | 'outside';
  readonly mediaType?: string;
}

/** A listing's media, and by medium id its sides in side order and the name of its pool. */
export interface MediaListing {
  readonly media: readonly Medium[];
  readonly sides: ReadonlyMap<string, readonly MediumSide[]>;
  readonly poolNames: ReadonlyMap<string, string | null>;
}

/**
 * A listing's columns: the medium's (MEDIUM_COLUMNS), then its side's (SIDE_COLUMNS, null for a
 * medium without sides), named apart so that rows read as objects (in a PostgreSQL transaction) keep them all.
 */
const SIDE_AT = MEDIUM_COLUMNS.length;
const POOL_NAME_AT = SIDE_AT + SIDE_COLUMNS.length;
const LISTED_COLUMNS = [...MEDIUM_COLUMNS.map((column) => `m.${column}` as const), ...SIDE_COLUMNS.map((column) => `s.${column} as side_${column}` as const)];

/** Medium ids per `in (…)` of sidesOf: below SQLite's oldest default of 999 bound parameters. */
const SIDES_CHUNK = 900;

const SIDE_STATE_FOR_POOL: Record<Pool['type'], SideState> = { free: 'available', import: 'import', unrecognized: 'foreign', application: 'available' };

export class Media {
  constructor(private readonly ctx: CatalogContext) {}

  /**
   * Record a cartridge the library reported. A barcode already catalogued in the library is
   * refused with DUPLICATE_BARCODE (the caller raises the operator request); an occupied
   * location with ELEMENT_FULL.
   */
  add(spec: NewMedium): Promise<Medium> {
    return this.ctx.atomic(async (tx) => {
      const reading = spec.barcode !== null ? readLabel(spec.barcode) : undefined;
      const mediaType = spec.mediaType ?? reading?.mediaType ?? UNKNOWN_MEDIA_TYPE;
      const cleaner = reading?.cleaner === true;
      const pool = await resolvePool(tx, spec, mediaType, cleaner);
      if (pool !== null && pool.mediaType !== mediaType) {
        throw new CatalogError('MEDIA_INCOMPATIBLE', `pool ${pool.name} holds ${pool.mediaType ?? 'pools'}, not ${mediaType}`);
      }
      if (spec.barcode !== null) {
        const existing = await tx.db.selectFrom('media').selectAll().where('library_id', '=', spec.libraryId).where('barcode', '=', spec.barcode).executeTakeFirst();
        if (existing !== undefined) throw duplicate(spec.barcode, existing);
      }
      const now = tx.now();
      const row: MediaTable = {
        id: randomUUID(),
        library_id: spec.libraryId,
        barcode: spec.barcode,
        barcode_state: spec.barcodeState ?? (spec.barcode !== null ? 'ok' : 'unreadable'),
        media_type: mediaType,
        sides: spec.sides ?? 1,
        alternate_barcode: spec.alternateBarcode ?? null,
        facing_side: spec.facingSide ?? 0,
        pool_id: pool?.id ?? null,
        state: 'idle',
        ...locationColumns(spec.location),
        home_slot: spec.homeSlot !== undefined ? spec.homeSlot : spec.location.type === 'slot' ? spec.location.index : null,
        mount_count: 0,
        last_mounted_at: null,
        error_count: 0,
        cleaner_uses_remaining: spec.cleanerUsesRemaining !== undefined ? spec.cleanerUsesRemaining : cleaner ? -1 : null,
        label_type: null,
        label_id: null,
        label_read_at: null,
        enabled: 1,
        created_at: now,
        updated_at: now,
      };
      await insertMedium(tx, row);
      const sideState = spec.sideState ?? (pool !== null ? SIDE_STATE_FOR_POOL[pool.type] : 'new');
      for (let side = 0; side < row.sides; side++) {
        await tx.db.insertInto('media_sides').values({ medium_id: row.id, side, state: sideState, allocation_count: 0, mount_count: 0, application: null }).execute();
      }
      return toMedium(row);
    });
  }

  async get(id: string): Promise<Medium> {
    const row = await this.ctx.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new CatalogError('NOT_FOUND', `no medium ${id}`);
    return toMedium(row);
  }

  async findByBarcode(libraryId: string, barcode: string): Promise<Medium | undefined> {
    const row = await this.ctx.db.selectFrom('media').selectAll().where('library_id', '=', libraryId).where('barcode', '=', barcode).executeTakeFirst();
    return row === undefined ? undefined : toMedium(row);
  }

  /** The medium the catalog has in an element, if any. */
  async at(libraryId: string, location: Exclude<Location, { type: 'outside' }>): Promise<Medium | undefined> {
    const row = await this.ctx.db
      .selectFrom('media')
      .selectAll()
      .where('library_id', '=', libraryId)
      .where('location_type', '=', location.type)
      .where('location_index', '=', location.index)
      .executeTakeFirst();
    return row === undefined ? undefined : toMedium(row);
  }

  /** In the order (library, barcode, id), one index's order (migration 0006); read as arrays (mediaRows.ts). */
  async list(filter: MediaFilter & MediaSearch = {}): Promise<Medium[]> {
    const rows = await this.ctx.arrays(this.#listed(this.ctx.db.selectFrom('media').select(MEDIUM_COLUMNS), filter).compile());
    return rows.map(mediumOfValues);
  }

  /**
   * What list() answers, with each medium's sides, through `kept`: media and sides read unchanged
   * since the last listing are the same objects (keptMedia.ts). One statement: the page of media
   * joined with their sides, so the page's offset is walked once and media and sides are one
   * snapshot (two queries walked it twice, and a write between them could move the page).
   * The join keeps the page's order: a medium's rows come together, in (library, barcode, id) order.
   * Its pool's name comes in the same rows (a query of all pools per page was one more round trip).
   */
  async listing(filter: MediaFilter & MediaSearch, kept: KeptMedia): Promise<MediaListing> {
    const rows = await this.ctx.arrays(this.ctx.engine === 'postgres' && filter.limit !== undefined ? this.#postgresPage(filter) : this.#joined(filter));
    const media: Medium[] = [];
    const sides = new Map<string, readonly MediumSide[]>();
    const poolNames = new Map<string, string | null>();
    for (let n = 0; n < rows.length; ) {
      // The kept medium holds this row: its side's values after MEDIUM_COLUMNS are never read from it.
      const medium = kept.medium(rows[n] as unknown[]);
      poolNames.set(medium.id, ((rows[n] as unknown[])[POOL_NAME_AT] as string | null) ?? null);
      const sideRows: unknown[][] = [];
      for (; n < rows.length && (rows[n] as unknown[])[0] === medium.id; n++) {
        const row = rows[n] as unknown[];
        if (row[SIDE_AT] !== null) sideRows.push(row);
      }
      // Not `order by s.side`: SQLite then sorted every whole row again (0.5 → 1.4 ms a page); a medium has one side or two.
      if (sideRows.length > 1) sideRows.sort((a, b) => (a[SIDE_AT + 1] as number) - (b[SIDE_AT + 1] as number));
      media.push(medium);
      sides.set(medium.id, kept.sides(medium.id, sideRows, SIDE_AT));
    }
    return { media, sides, poolNames };
  }

  /** The listing's one statement: the page of media, each row joined with its sides and its pool's name. */
  #joined(filter: MediaFilter & MediaSearch): CompiledQuery {
    const page = this.#listed(this.ctx.db.selectFrom('media').select(MEDIUM_COLUMNS), filter).as('m');
    return this.ctx.db
      .selectFrom(page)
      .leftJoin('media_sides as s', 's.medium_id', 'm.id')
      .leftJoin('pools as p', 'p.id', 'm.pool_id')
      .select([...LISTED_COLUMNS, 'p.name as pool_name'])
      .orderBy('m.library_id')
      .orderBy('m.barcode')
      .orderBy('m.id')
      .compile();
  }

  /**
   * The same rows for a page on PostgreSQL, which planned the plain join as a walk of whole media
   * rows to the offset (sorting the whole table past the middle) and a hash of every side of the
   * catalog: 2.7 / 4.6 / 9.5 ms a page of 100 at offset 0 / 5 000 / 9 900 of 10 000. Here the
   * offset is walked in the listing index alone, and each medium of the page and its sides are
   * looked up by key (`offset 0` keeps the planner from flattening the lateral joins back):
   * 1.5 / 2.4 / 5.1 ms. Pages read afresh after each mount were most of the server's CPU under a mount mix.
   */
  #postgresPage(filter: MediaFilter & MediaSearch): CompiledQuery {
    const keys = this.#listed(this.ctx.db.selectFrom('media').select('id'), filter).as('k');
    return this.ctx.db
      .selectFrom(keys)
      .innerJoinLateral((eb) => eb.selectFrom('media').select(MEDIUM_COLUMNS).whereRef('media.id', '=', 'k.id').offset(0).as('m'), (join) => join.onTrue())
      .leftJoinLateral((eb) => eb.selectFrom('media_sides').select(SIDE_COLUMNS).whereRef('media_sides.medium_id', '=', 'm.id').offset(0).as('s'), (join) => join.onTrue())
      .leftJoin('pools as p', 'p.id', 'm.pool_id')
      .select([...LISTED_COLUMNS, 'p.name as pool_name'])
      .orderBy('m.library_id')
      .orderBy('m.barcode')
      .orderBy('m.id')
      .compile();
  }

  /** A listing's filter, order and page on a query of media (list and listing read the same media). */
  #listed<Q extends SelectQueryBuilder<CatalogDatabase, 'media', object>>(select: Q, filter: MediaFilter & MediaSearch): Q {
    let query = whereMedia(select, filter) as SelectQueryBuilder<CatalogDatabase, 'media', object>;
    if (filter.state !== undefined) query = query.where('state', '=', filter.state);
    if (filter.locationType !== undefined) query = query.where('location_type', '=', filter.locationType);
    query = query.orderBy('library_id').orderBy('barcode').orderBy('id');
    // SQLite takes OFFSET only after a LIMIT; -1 is its "no limit", and PostgreSQL gets ALL.
    if (filter.limit !== undefined) query = query.limit(filter.limit);
    if (filter.offset !== undefined && filter.offset > 0) query = (filter.limit === undefined && this.ctx.engine === 'sqlite' ? query.limit(-1) : query).offset(filter.offset);
    return query as Q;
  }

  /** How many media are in a library's elements (outside it — ejected, on a shelf — not counted). */
  async countInside(libraryId: string): Promise<number> {
    const row = await this.ctx.db
      .selectFrom('media')
      .select((eb) => eb.fn.countAll<number | string>().as('media'))
      .where('library_id', '=', libraryId)
      .where('location_type', '<>', 'outside')
      .executeTakeFirstOrThrow();
    // PostgreSQL's count is a bigint, which the driver may hand over as text.
    return Number(row.media);
  }

  async sides(mediumId: string): Promise<MediumSide[]> {
    const rows = await this.ctx.db.selectFrom('media_sides').selectAll().where('medium_id', '=', mediumId).orderBy('side').execute();
    return rows.map(toSide);
  }

  /**
   * The sides of many media, by medium id, side order kept: a listing reads them in a few queries
   * instead of one per medium (10 000 single-medium queries queued on SQLite's one connection
   * took seconds). Ids go in chunks that stay under every engine's limit on bound parameters.
   */
  async sidesOf(mediumIds: readonly string[]): Promise<Map<string, MediumSide[]>> {
    const sides = new Map<string, MediumSide[]>();
    for (let start = 0; start < mediumIds.length; start += SIDES_CHUNK) {
      const chunk = mediumIds.slice(start, start + SIDES_CHUNK);
      const query = this.ctx.db.selectFrom('media_sides').select(SIDE_COLUMNS).where('medium_id', 'in', chunk).orderBy('medium_id').orderBy('side');
      for (const values of await this.ctx.arrays(query.compile())) {
        const side = sideOfValues(values);
        const list = sides.get(side.mediumId);
        if (list === undefined) sides.set(side.mediumId, [side]);
        else list.push(side);
      }
    }
    return sides;
  }

  /** Move one medium in the catalog (see placement.ts). */
  place(mediumId: string, to: Location, options: Omit<Placement, 'mediumId' | 'to'> = {}): Promise<Medium> {
    return place(this.ctx, { mediumId, to, ...options });
  }

  /** Move several media atomically, e.g. both halves of an EXCHANGE MEDIUM. */
  placeMany(moves: readonly Placement[]): Promise<Medium[]> {
    return placeMany(this.ctx, moves);
  }

  allocate(poolId: string, options?: AllocateOptions): Promise<Allocation> {
    return allocate(this.ctx, poolId, options);
  }

  deallocate(mediumId: string, side?: number): Promise<Medium> {
    return deallocate(this.ctx, mediumId, side);
  }

  /** SetNtmsMediaComplete, DecommissionNtmsMedia, SwapNtmsMedia, DeleteNtmsMedia (sideLifecycle.ts). */
  complete(mediumId: string, side = 0): Promise<MediumSide> {
    return completeSide(this.ctx, mediumId, side);
  }

  decommission(mediumId: string, side = 0): Promise<MediumSide> {
    return decommissionSide(this.ctx, mediumId, side);
  }

  swapSides(first: SideRef, second: SideRef): Promise<[MediumSide, MediumSide]> {
    return swapSides(this.ctx, first, second);
  }

  deleteOffline(mediumId: string): Promise<Medium> {
    return deleteOfflineMedium(this.ctx, mediumId);
  }

  async setState(mediumId: string, state: MediumState): Promise<void> {
    await this.update(mediumId, { state });
  }

  /** The side of a two-sided medium facing the drive's head, as a flip or the library's volume tags say. */
  async setFacingSide(mediumId: string, side: 0 | 1): Promise<void> {
    await this.update(mediumId, { facing_side: side });
  }

  async setEnabled(mediumId: string, enabled: boolean): Promise<void> {
    await this.update(mediumId, { enabled: enabled ? 1 : 0 });
  }

  /** A side becomes COMPLETE (SetNtmsMediaComplete): full, never mounted for writing again. */
  async setSideState(mediumId: string, side: number, state: SideState): Promise<void> {
    const result = await this.ctx.db.updateTable('media_sides').set({ state }).where('medium_id', '=', mediumId).where('side', '=', side).executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new CatalogError('NOT_FOUND', `medium ${mediumId} has no side ${side}`);
  }

  /** Count a mount of the medium (and of the side) at the catalog's clock. */
  recordMount(mediumId: string, side = 0): Promise<void> {
    return this.ctx.atomic(async (tx) => {
      const now = tx.now();
      const result = await tx.db
        .updateTable('media')
        .set((eb) => ({ mount_count: eb('mount_count', '+', 1), last_mounted_at: now, updated_at: now }))
        .where('id', '=', mediumId)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw new CatalogError('NOT_FOUND', `no medium ${mediumId}`);
      await tx.db
        .updateTable('media_sides')
        .set((eb) => ({ mount_count: eb('mount_count', '+', 1) }))
        .where('medium_id', '=', mediumId)
        .where('side', '=', side)
        .execute();
    });
  }

  async recordError(mediumId: string): Promise<void> {
    const result = await this.ctx.db
      .updateTable('media')
      .set((eb) => ({ error_count: eb('error_count', '+', 1), updated_at: this.ctx.now() }))
      .where('id', '=', mediumId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new CatalogError('NOT_FOUND', `no medium ${mediumId}`);
  }

  /**
   * Count one cleaning. Returns the cleanings left (-1: not counted). A counted cleaner at 0 is
   * refused with INVALID_STATE: it is expired and should be ejected.
   */
  useCleaner(mediumId: string): Promise<number> {
    return this.ctx.atomic(async (tx) => {
      const row = await tx.db.selectFrom('media').select(['cleaner_uses_remaining', 'barcode']).where('id', '=', mediumId).executeTakeFirst();
      if (row === undefined) throw new CatalogError('NOT_FOUND', `no medium ${mediumId}`);
      const left = row.cleaner_uses_remaining;
      if (left === null) throw new CatalogError('INVALID_PARAMETER', `${row.barcode ?? mediumId} is not a cleaner`);
      if (left === -1) return -1;
      if (left <= 0) throw new CatalogError('INVALID_STATE', `cleaner ${row.barcode ?? mediumId} has no cleanings left`);
      await tx.db.updateTable('media').set({ cleaner_uses_remaining: left - 1, updated_at: tx.now() }).where('id', '=', mediumId).execute();
      return left - 1;
    });
  }

  async setCleanerUsesRemaining(mediumId: string, uses: number | null): Promise<void> {
    await this.update(mediumId, { cleaner_uses_remaining: uses });
  }

  /**
   * Record the on-media label and, for a medium the library found without knowing it (import or
   * unrecognized pool), the pool that label implies, as NTMS does after reading: blank media are
   * free to use, media with a label of a known format hold someone's data (import), anything else
   * stays unrecognized. Media already in the free or an application pool keep their pool.
   */
  identify(mediumId: string, label: { readonly type: LabelType; readonly id: string | null }): Promise<Medium> {
    return this.ctx.atomic(async (tx) => {
      const row = await tx.db.selectFrom('media').selectAll().where('id', '=', mediumId).executeTakeFirst();
      if (row === undefined) throw new CatalogError('NOT_FOUND', `no medium ${mediumId}`);
      const pools = new Pools(tx);
      const from = row.pool_id !== null ? await pools.get(row.pool_id) : undefined;
      const patch: Partial<MediaTable> = { label_type: label.type, label_id: label.id, label_read_at: tx.now(), updated_at: tx.now() };
      if (row.cleaner_uses_remaining === null && (from === undefined || from.type === 'import' || from.type === 'unrecognized')) {
        const poolType: SystemPoolType = label.type === 'blank' ? 'free' : label.type === 'foreign' ? 'unrecognized' : 'import';
        patch.pool_id = (await pools.systemPool(poolType, row.media_type)).id;
        const sideState: SideState = SIDE_STATE_FOR_POOL[poolType];
        await tx.db.updateTable('media_sides').set({ state: sideState }).where('medium_id', '=', mediumId).where('state', 'in', ['import', 'foreign', 'new', 'unprepared', 'available']).execute();
      }
      await tx.db.updateTable('media').set(patch).where('id', '=', mediumId).execute();
      return toMedium(await tx.db.selectFrom('media').selectAll().where('id', '=', mediumId).executeTakeFirstOrThrow());
    });
  }

  /**
   * MoveToNtmsMediaPool with its rules: same media type; import and unrecognized media only
   * into the free pool (their sides become available); nothing into import/unrecognized by hand;
   * media with allocated sides stay out of the free pool until deallocated.
   */
  moveToPool(mediumId: string, poolId: string): Promise<Medium> {
    return this.ctx.atomic(async (tx) => {
      const row = await tx.db.selectFrom('media').selectAll().where('id', '=', mediumId).executeTakeFirst();
      if (row === undefined) throw new CatalogError('NOT_FOUND', `no medium ${mediumId}`);
      const pools = new Pools(tx);
      const target = await pools.get(poolId);
      const from = row.pool_id !== null ? await pools.get(row.pool_id) : undefined;
      if (target.mediaType !== row.media_type) throw new CatalogError('MEDIA_INCOMPATIBLE', `${row.barcode ?? mediumId} is ${row.media_type}; ${target.name} holds ${target.mediaType ?? 'pools'}`);
      if (target.type === 'import' || target.type === 'unrecognized') throw new CatalogError('INVALID_MEDIA_POOL', `media enter ${target.name} only when the library finds them`);
      if ((from?.type === 'import' || from?.type === 'unrecognized') && target.type !== 'free') {
        throw new CatalogError('INVALID_MEDIA_POOL', `${from.type} media may only move to the free pool`);
      }
      const sides = await tx.db.selectFrom('media_sides').select('state').where('medium_id', '=', mediumId).execute();
      if (target.type === 'free' && sides.some((s) => s.state === 'allocated' || s.state === 'complete' || s.state === 'reserved')) {
        throw new CatalogError('INVALID_STATE', `${row.barcode ?? mediumId} has allocated sides; deallocate them first`);
      }
      if (target.type === 'free') {
        await tx.db.updateTable('media_sides').set({ state: 'available' }).where('medium_id', '=', mediumId).where('state', 'in', ['import', 'foreign', 'new', 'unprepared']).execute();
      }
      await tx.db.updateTable('media').set({ pool_id: target.id, updated_at: tx.now() }).where('id', '=', mediumId).execute();
      return toMedium(await tx.db.selectFrom('media').selectAll().where('id', '=', mediumId).executeTakeFirstOrThrow());
    });
  }

  /** Forget a medium (an ejected cleaner or import medium, per NTMS). */
  async delete(mediumId: string): Promise<void> {
    const result = await this.ctx.db.deleteFrom('media').where('id', '=', mediumId).executeTakeFirst();
    if (result.numDeletedRows === 0n) throw new CatalogError('NOT_FOUND', `no medium ${mediumId}`);
  }

  private async update(mediumId: string, patch: Partial<MediaTable>): Promise<void> {
    const result = await this.ctx.db
      .updateTable('media')
      .set({ ...patch, updated_at: this.ctx.now() })
      .where('id', '=', mediumId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new CatalogError('NOT_FOUND', `no medium ${mediumId}`);
  }
}

function duplicate(barcode: string, existing: Pick<MediaTable, 'location_type' | 'location_index'>): CatalogError {
  return new CatalogError('DUPLICATE_BARCODE', `barcode ${barcode} is already catalogued ${describeLocation(locationOf(existing))}`);
}

async function resolvePool(ctx: CatalogContext, spec: NewMedium, mediaType: string, cleaner: boolean): Promise<Pool | null> {
  const pools = new Pools(ctx);
  if (spec.pool === undefined) {
    if (cleaner) return null;
    return pools.systemPool(mediaType === UNKNOWN_MEDIA_TYPE ? 'unrecognized' : 'import', mediaType);
  }
  if (typeof spec.pool === 'string') return pools.systemPool(spec.pool, mediaType);
  return pools.get(spec.pool.id);
}

async function insertMedium(ctx: CatalogContext, row: MediaTable): Promise<void> {
  const location = locationOf(row);
  if (location.type !== 'outside') {
    const element = await ctx.db
      .selectFrom('elements')
      .select('element_index')
      .where('library_id', '=', row.library_id)
      .where('element_type', '=', location.type)
      .where('element_index', '=', location.index)
      .executeTakeFirst();
    if (element === undefined) throw new CatalogError('NO_SUCH_ELEMENT', `library ${row.library_id} has no ${describeLocation(locationOf(row))}`);
  }
  try {
    await ctx.db.insertInto('media').values(row).execute();
  } catch (err) {
    if (isUniqueViolation(err, MEDIA_BARCODE_INDEX) && row.barcode !== null) {
      throw new CatalogError('DUPLICATE_BARCODE', `barcode ${row.barcode} is already catalogued in library ${row.library_id}`, { cause: err });
    }
    if (isUniqueViolation(err, MEDIA_LOCATION_INDEX)) {
      throw new CatalogError('ELEMENT_FULL', `${describeLocation(locationOf(row))} of library ${row.library_id} is occupied`, { cause: err });
    }
    throw err;
  }
}
