// Media pools as NTMS had them (reference windows-changer §7.3, §7.5): per media type a free
// (scratch) pool, an import pool and an unrecognized pool, created on first need and never
// deleted; application pools created by programs, each holding one media type, with the
// allocation policies that decide whether they draw from and return to the free pool.
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { CatalogError } from './catalogError.ts';
import { isUniqueViolation, POOL_NAME_INDEX } from './constraintViolation.ts';
import type { CatalogContext } from './context.ts';
import type { PoolsTable } from './schema.ts';
import type { PoolType, SystemPoolType } from './vocabulary.ts';

export interface Pool {
  readonly id: string;
  readonly name: string;
  readonly type: PoolType;
  /** Null only for a pool of pools. */
  readonly mediaType: string | null;
  readonly parentId: string | null;
  /** NTMS_ALLOCATE_FROMSCRATCH: when the pool has no available side, take one from the free pool. */
  readonly allocateFromScratch: boolean;
  /** NTMS_DEALLOCATE_TOSCRATCH: a deallocated medium goes back to the free pool. */
  readonly deallocateToScratch: boolean;
  readonly maxAllocations: number | null;
  readonly createdAt: number;
}

export interface SystemPools {
  readonly free: Pool;
  readonly import: Pool;
  readonly unrecognized: Pool;
}

export interface ApplicationPoolSpec {
  readonly name: string;
  /** Null creates a pool of pools (it holds pools, never media). */
  readonly mediaType: string | null;
  readonly parentId?: string | null;
  /** Default true: a backup application expects "give me a scratch tape" to work out of the box. */
  readonly allocateFromScratch?: boolean;
  /** Default true: a released tape becomes scratch again. */
  readonly deallocateToScratch?: boolean;
  readonly maxAllocations?: number | null;
}

export interface PoolPolicy {
  readonly allocateFromScratch?: boolean;
  readonly deallocateToScratch?: boolean;
  readonly maxAllocations?: number | null;
}

const SYSTEM_POOL_LABELS: Record<SystemPoolType, string> = { free: 'Free', import: 'Import', unrecognized: 'Unrecognized' };

export function toPool(row: Selectable<PoolsTable>): Pool {
  return {
    id: row.id,
    name: row.name,
    type: row.pool_type,
    mediaType: row.media_type,
    parentId: row.parent_id,
    allocateFromScratch: row.allocate_from_scratch === 1,
    deallocateToScratch: row.deallocate_to_scratch === 1,
    maxAllocations: row.max_allocations,
    createdAt: row.created_at,
  };
}

export class Pools {
  constructor(private readonly ctx: CatalogContext) {}

  /** The free, import and unrecognized pools of a media type, created if missing (safe to race). */
  async ensureSystemPools(mediaType: string): Promise<SystemPools> {
    return {
      free: await this.systemPool('free', mediaType),
      import: await this.systemPool('import', mediaType),
      unrecognized: await this.systemPool('unrecognized', mediaType),
    };
  }

  async systemPool(type: SystemPoolType, mediaType: string): Promise<Pool> {
    const find = (): Promise<Selectable<PoolsTable> | undefined> =>
      this.ctx.db.selectFrom('pools').selectAll().where('pool_type', '=', type).where('media_type', '=', mediaType).executeTakeFirst();
    const found = await find();
    if (found !== undefined) return toPool(found);
    // ON CONFLICT DO NOTHING rather than catching the violation: inside a PostgreSQL transaction
    // a failed insert would abort everything the caller did before.
    await this.ctx.db
      .insertInto('pools')
      .values({
        id: randomUUID(),
        name: `${SYSTEM_POOL_LABELS[type]}/${mediaType}`,
        pool_type: type,
        media_type: mediaType,
        parent_id: null,
        allocate_from_scratch: 0,
        deallocate_to_scratch: 0,
        max_allocations: null,
        created_at: this.ctx.now(),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const created = await find();
    if (created === undefined) throw new CatalogError('ALREADY_EXISTS', `a pool named ${SYSTEM_POOL_LABELS[type]}/${mediaType} exists but is not the ${type} pool of ${mediaType}`);
    return toPool(created);
  }

  async createApplicationPool(spec: ApplicationPoolSpec): Promise<Pool> {
    if (spec.name.trim() === '') throw new CatalogError('INVALID_PARAMETER', 'a pool needs a name');
    const row: PoolsTable = {
      id: randomUUID(),
      name: spec.name,
      pool_type: 'application',
      media_type: spec.mediaType,
      parent_id: spec.parentId ?? null,
      allocate_from_scratch: (spec.allocateFromScratch ?? true) ? 1 : 0,
      deallocate_to_scratch: (spec.deallocateToScratch ?? true) ? 1 : 0,
      max_allocations: spec.maxAllocations ?? null,
      created_at: this.ctx.now(),
    };
    if (row.parent_id !== null) {
      const parent = await this.get(row.parent_id);
      if (parent.mediaType !== null) throw new CatalogError('INVALID_MEDIA_POOL', `pool ${parent.name} holds media, so it cannot hold pools`);
    }
    try {
      await this.ctx.db.insertInto('pools').values(row).execute();
    } catch (err) {
      if (isUniqueViolation(err, POOL_NAME_INDEX)) throw new CatalogError('ALREADY_EXISTS', `a pool named ${spec.name} exists`, { cause: err });
      throw err;
    }
    return toPool(row);
  }

  async get(id: string): Promise<Pool> {
    const row = await this.ctx.db.selectFrom('pools').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new CatalogError('NOT_FOUND', `no pool ${id}`);
    return toPool(row);
  }

  async findByName(name: string): Promise<Pool | undefined> {
    const row = await this.ctx.db.selectFrom('pools').selectAll().where('name', '=', name).executeTakeFirst();
    return row === undefined ? undefined : toPool(row);
  }

  async list(): Promise<Pool[]> {
    const rows = await this.ctx.db.selectFrom('pools').selectAll().orderBy('name').execute();
    return rows.map(toPool);
  }

  async setPolicy(id: string, policy: PoolPolicy): Promise<Pool> {
    const patch: Partial<PoolsTable> = {};
    if (policy.allocateFromScratch !== undefined) patch.allocate_from_scratch = policy.allocateFromScratch ? 1 : 0;
    if (policy.deallocateToScratch !== undefined) patch.deallocate_to_scratch = policy.deallocateToScratch ? 1 : 0;
    if (policy.maxAllocations !== undefined) patch.max_allocations = policy.maxAllocations;
    if (Object.keys(patch).length > 0) await this.ctx.db.updateTable('pools').set(patch).where('id', '=', id).execute();
    return this.get(id);
  }

  /** DeleteNtmsMediaPool: only an empty application pool. */
  delete(id: string): Promise<void> {
    return this.ctx.atomic(async (ctx) => {
      const pool = await new Pools(ctx).get(id);
      if (pool.type !== 'application') throw new CatalogError('INVALID_MEDIA_POOL', `${pool.name} is a system pool and cannot be deleted`);
      const media = await ctx.db.selectFrom('media').select((eb) => eb.fn.countAll<number>().as('n')).where('pool_id', '=', id).executeTakeFirstOrThrow();
      const children = await ctx.db.selectFrom('pools').select((eb) => eb.fn.countAll<number>().as('n')).where('parent_id', '=', id).executeTakeFirstOrThrow();
      if (Number(media.n) > 0 || Number(children.n) > 0) {
        throw new CatalogError('POOL_NOT_EMPTY', `pool ${pool.name} still holds ${Number(media.n)} media and ${Number(children.n)} pools`);
      }
      await ctx.db.deleteFrom('pools').where('id', '=', id).execute();
    });
  }
}
