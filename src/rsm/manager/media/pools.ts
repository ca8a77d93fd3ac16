// Pools as clients manage them (CreateNtmsMediaPool, MoveToNtmsMediaPool), audited.
import type { Medium, Pool } from '../../catalog/index.ts';
import type { Caller, NewPool } from '../../service.ts';
import type { ManagerContext } from '../context.ts';
import { invalid, notFound } from '../errors.ts';
import { checkPoolMediaType } from './poolMediaType.ts';

export async function createPool(ctx: ManagerContext, pool: NewPool, caller: Caller): Promise<Pool> {
  if (typeof pool.name !== 'string' || pool.name.trim() === '') throw invalid('a pool needs a name');
  checkPoolMediaType(pool.mediaType);
  return ctx.catalog.transaction(async (tx) => {
    let parentId: string | null = null;
    if (pool.parent !== undefined) {
      const parent = await tx.pools.findByName(pool.parent);
      if (parent === undefined) throw notFound(`no pool ${pool.parent}`);
      parentId = parent.id;
    }
    // The free pool it may draw from exists before the first allocation asks for it.
    if (pool.mediaType !== null) await tx.pools.ensureSystemPools(pool.mediaType);
    const created = await tx.pools.createApplicationPool({
      name: pool.name,
      mediaType: pool.mediaType,
      parentId,
      ...(pool.allocateFromScratch !== undefined ? { allocateFromScratch: pool.allocateFromScratch } : {}),
      ...(pool.deallocateToScratch !== undefined ? { deallocateToScratch: pool.deallocateToScratch } : {}),
      ...(pool.maxAllocations !== undefined ? { maxAllocations: pool.maxAllocations } : {}),
    });
    await tx.audit.record({ who: caller, action: 'pool.create', target: created.name, detail: { mediaType: created.mediaType } });
    return created;
  });
}

/** The catalog's pool rules apply: same media type; import and unrecognized media only into the free pool. */
export async function moveToPool(ctx: ManagerContext, library: { readonly id: string; readonly name: string }, barcode: string, pool: string, caller: Caller): Promise<Medium> {
  const catalog = ctx.catalog;
  const medium = await catalog.media.findByBarcode(library.id, barcode);
  if (medium === undefined) throw notFound(`library ${library.name} has no medium ${barcode}`);
  const target = await catalog.pools.findByName(pool);
  if (target === undefined) throw notFound(`no pool ${pool}`);
  const moved = await catalog.transaction(async (tx) => {
    const m = await tx.media.moveToPool(medium.id, target.id);
    await tx.audit.record({ who: caller, action: 'media.pool', libraryId: library.id, target: barcode, detail: { from: medium.poolId, to: target.name } });
    return m;
  });
  const location = moved.location.type === 'outside' ? 'outside' : `${moved.location.type} ${moved.location.index}`;
  ctx.bus.publish({ type: 'medium', library: library.name, barcode: moved.barcode, mediumId: moved.id, location, state: moved.state });
  return moved;
}
