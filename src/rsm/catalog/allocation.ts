// Allocating and deallocating media (AllocateNtmsMedia / DeallocateNtmsMedia, reference
// windows-changer §7.5). Two applications asking for a scratch tape at the same moment must get
// two different tapes: on PostgreSQL the candidate row is taken with FOR UPDATE SKIP LOCKED, so
// racing managers pick different media instead of queueing on one; on SQLite the IMMEDIATE
// transaction holds the database write lock. On both, the side's state changes only if it is
// still `available` — the final word if anything slipped past the first two.
import { CatalogError } from './catalogError.ts';
import type { CatalogContext } from './context.ts';
import { toMedium, toSide, type Medium, type MediumSide } from './medium.ts';
import { Pools, type Pool } from './pools.ts';
import type { SideState } from './vocabulary.ts';

export interface AllocateOptions {
  /** Only media recorded in this library (or outside it, but catalogued by it). */
  readonly libraryId?: string;
  /** Recorded on the side; NTMS kept the allocating application per logical medium. */
  readonly application?: string;
  /** Claim this medium (e.g. one in the import pool), as AllocateNtmsMedia's lpPartition. */
  readonly mediumId?: string;
  readonly side?: number;
}

export interface Allocation {
  readonly medium: Medium;
  readonly side: MediumSide;
  /** The pool the medium was taken from (NTMS_ALLOCATION_INFORMATION.AllocatedFrom). */
  readonly allocatedFrom: string;
}

/** Lost races tolerated before concluding that nothing is left. */
const MAX_ATTEMPTS = 20;

/** Sides that may be allocated: available ones, and import ones when a medium is named (one-step import). */
function claimable(options: AllocateOptions): SideState[] {
  return options.mediumId !== undefined ? ['available', 'import'] : ['available'];
}

async function pickCandidate(ctx: CatalogContext, sourcePoolId: string, options: AllocateOptions): Promise<string | undefined> {
  let query = ctx.db
    .selectFrom('media')
    .select('media.id')
    .where('media.pool_id', '=', sourcePoolId)
    .where('media.enabled', '=', 1)
    .where((eb) =>
      eb.exists(eb.selectFrom('media_sides').select('media_sides.side').whereRef('media_sides.medium_id', '=', 'media.id').where('media_sides.state', 'in', claimable(options))),
    )
    // Media in the library before media on the shelf; then the least worn.
    .orderBy((eb) => eb.case().when('media.location_type', '=', 'outside').then(1).else(0).end())
    .orderBy('media.mount_count')
    .orderBy('media.barcode')
    .orderBy('media.id')
    .limit(1);
  if (options.libraryId !== undefined) query = query.where('media.library_id', '=', options.libraryId);
  if (options.mediumId !== undefined) query = query.where('media.id', '=', options.mediumId);
  if (ctx.engine === 'postgres') query = query.forUpdate().skipLocked();
  const row = await query.executeTakeFirst();
  return row?.id;
}

async function claimSide(ctx: CatalogContext, mediumId: string, states: SideState[], wanted: number | undefined, application: string | null): Promise<number | undefined> {
  let sideQuery = ctx.db.selectFrom('media_sides').select('side').where('medium_id', '=', mediumId).where('state', 'in', states).orderBy('side').limit(1);
  if (wanted !== undefined) sideQuery = sideQuery.where('side', '=', wanted);
  const side = await sideQuery.executeTakeFirst();
  if (side === undefined) return undefined;
  const result = await ctx.db
    .updateTable('media_sides')
    .set((eb) => ({ state: 'allocated', application, allocation_count: eb('allocation_count', '+', 1) }))
    .where('medium_id', '=', mediumId)
    .where('side', '=', side.side)
    .where('state', 'in', states)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n ? side.side : undefined;
}

function checkTargetPool(pool: Pool): string {
  if (pool.type !== 'application') throw new CatalogError('INVALID_MEDIA_POOL', `media are allocated into application pools; ${pool.name} is the ${pool.type} pool`);
  if (pool.mediaType === null) throw new CatalogError('INVALID_MEDIA_POOL', `${pool.name} is a pool of pools and holds no media`);
  return pool.mediaType;
}

/**
 * Allocate a side into application pool `poolId`: an available side already in the pool, else
 * (NTMS_ALLOCATE_FROMSCRATCH) one from the free pool of the pool's media type, which then joins
 * the pool. MEDIA_UNAVAILABLE when there is none; raising the NEWMEDIA operator request is the
 * manager's call.
 */
export function allocate(ctx: CatalogContext, poolId: string, options: AllocateOptions = {}): Promise<Allocation> {
  return ctx.atomic(async (tx) => {
    const pools = new Pools(tx);
    const target = await pools.get(poolId);
    const mediaType = checkTargetPool(target);
    const sources = [target.id];
    if (target.allocateFromScratch) sources.push((await pools.systemPool('free', mediaType)).id);
    if (options.mediumId !== undefined) {
      const medium = await tx.db.selectFrom('media').select(['pool_id', 'media_type']).where('id', '=', options.mediumId).executeTakeFirst();
      if (medium === undefined) throw new CatalogError('NOT_FOUND', `no medium ${options.mediumId}`);
      if (medium.media_type !== mediaType) throw new CatalogError('MEDIA_INCOMPATIBLE', `medium ${options.mediumId} is ${medium.media_type}; pool ${target.name} holds ${mediaType}`);
      // A specific medium may also come straight out of the import pool (one-step import).
      if (medium.pool_id !== null && !sources.includes(medium.pool_id)) {
        const from = await pools.get(medium.pool_id);
        if (from.type === 'import' || from.type === 'free') sources.push(from.id);
      }
    }
    for (const source of sources) {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const mediumId = await pickCandidate(tx, source, options);
        if (mediumId === undefined) break;
        const side = await claimSide(tx, mediumId, claimable(options), options.side, options.application ?? null);
        if (side === undefined) continue;
        await tx.db.updateTable('media').set({ pool_id: target.id, updated_at: tx.now() }).where('id', '=', mediumId).execute();
        const medium = toMedium(await tx.db.selectFrom('media').selectAll().where('id', '=', mediumId).executeTakeFirstOrThrow());
        const sideRow = await tx.db.selectFrom('media_sides').selectAll().where('medium_id', '=', mediumId).where('side', '=', side).executeTakeFirstOrThrow();
        return { medium, side: toSide(sideRow), allocatedFrom: source };
      }
    }
    throw new CatalogError('MEDIA_UNAVAILABLE', `no available ${mediaType} medium for pool ${target.name}${target.allocateFromScratch ? ' or in the free pool' : ''}`);
  });
}

/**
 * Release an allocated side. It becomes available again, or decommissioned once allocated
 * `maxAllocations` times; when no side of the medium stays allocated and the pool returns media
 * to scratch, the medium moves to the free pool of its type.
 */
export function deallocate(ctx: CatalogContext, mediumId: string, side = 0): Promise<Medium> {
  return ctx.atomic(async (tx) => {
    const medium = await tx.db.selectFrom('media').selectAll().where('id', '=', mediumId).executeTakeFirst();
    if (medium === undefined) throw new CatalogError('NOT_FOUND', `no medium ${mediumId}`);
    const sideRow = await tx.db.selectFrom('media_sides').selectAll().where('medium_id', '=', mediumId).where('side', '=', side).executeTakeFirst();
    if (sideRow === undefined) throw new CatalogError('NOT_FOUND', `medium ${medium.barcode ?? mediumId} has no side ${side}`);
    if (sideRow.state !== 'allocated' && sideRow.state !== 'complete') {
      throw new CatalogError('INVALID_STATE', `side ${side} of ${medium.barcode ?? mediumId} is ${sideRow.state}, not allocated`);
    }
    const pool = medium.pool_id !== null ? await new Pools(tx).get(medium.pool_id) : undefined;
    const worn = pool?.maxAllocations !== null && pool?.maxAllocations !== undefined && sideRow.allocation_count >= pool.maxAllocations;
    await tx.db
      .updateTable('media_sides')
      .set({ state: worn ? 'decommissioned' : 'available', application: null })
      .where('medium_id', '=', mediumId)
      .where('side', '=', side)
      .execute();
    const stillAllocated = await tx.db
      .selectFrom('media_sides')
      .select('side')
      .where('medium_id', '=', mediumId)
      .where('state', 'in', ['allocated', 'complete', 'reserved'])
      .executeTakeFirst();
    let poolId = medium.pool_id;
    if (!worn && stillAllocated === undefined && pool?.type === 'application' && pool.deallocateToScratch) {
      poolId = (await new Pools(tx).systemPool('free', medium.media_type)).id;
    }
    await tx.db.updateTable('media').set({ pool_id: poolId, updated_at: tx.now() }).where('id', '=', mediumId).execute();
    return toMedium(await tx.db.selectFrom('media').selectAll().where('id', '=', mediumId).executeTakeFirstOrThrow());
  });
}
