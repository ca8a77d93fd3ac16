// The media services of NTMS as the manager offers them (mediaContract.ts): allocate and
// deallocate without mounting, complete, decommission, swap sides, delete an offline medium,
// delete an empty pool. No robot moves, so these work on any library in the catalog, owned here
// or not; each change is written with its audit entry in one transaction and then published.
import { isCatalogError, type CatalogScope, type Library, type Medium, type Pool, type PoolPolicy } from '../../catalog/index.ts';
import { RsmError } from '../../rsmError.ts';
import type { AllocateOrder, MediumAllocation, SideOrder, SwapOrder } from '../../mediaContract.ts';
import type { Caller, MediumView } from '../../service.ts';
import type { ManagerContext } from '../context.ts';
import { invalid, notFound } from '../errors.ts';
import { checkSide, NO_MEDIA_REASON, type OperatorDesk } from '../requests/index.ts';
import { mediumView } from './views.ts';

export interface LifecycleHost {
  readonly ctx: ManagerContext;
  readonly desk: OperatorDesk;
  /** The catalog's library by name (NOT_FOUND otherwise). */
  library(name: string): Promise<Library>;
  /** A library's name by catalog id, for views and events. */
  libraryName(id: string): string;
}

function where(m: Medium): string {
  return m.location.type === 'outside' ? 'outside' : `${m.location.type} ${m.location.index}`;
}

export class MediaLifecycle {
  constructor(private readonly host: LifecycleHost) {}

  get #catalog(): ManagerContext['catalog'] {
    return this.host.ctx.catalog;
  }

  async #medium(library: Library, barcode: unknown): Promise<Medium> {
    if (typeof barcode !== 'string' || barcode.trim() === '') throw invalid('name the medium by its barcode');
    const medium = await this.#catalog.media.findByBarcode(library.id, barcode);
    if (medium === undefined) throw notFound(`library ${library.name} has no medium ${barcode}`);
    return medium;
  }

  async #pool(name: unknown): Promise<Pool> {
    if (typeof name !== 'string' || name === '') throw invalid('name the pool');
    const pool = await this.#catalog.pools.findByName(name);
    if (pool === undefined) throw notFound(`no pool ${name}`);
    return pool;
  }

  #published(medium: Medium, state?: string): Medium {
    this.host.ctx.bus.publish({ type: 'medium', library: this.host.libraryName(medium.libraryId), barcode: medium.barcode, mediumId: medium.id, location: where(medium), state: state ?? medium.state });
    return medium;
  }

  #view(medium: Medium): Promise<MediumView> {
    return mediumView(this.#catalog, medium, this.host.libraryName(medium.libraryId));
  }

  /**
   * AllocateNtmsMedia: an available side already in the pool, else (allocate-from-scratch) one from
   * the free pool of its media type. When there is none the operator is asked for new media (once
   * per pool while the request is open) and the caller gets MEDIA_UNAVAILABLE at once.
   */
  async allocate(order: AllocateOrder, caller: Caller): Promise<MediumAllocation> {
    const pool = await this.#pool(order.pool);
    if (order.barcode !== undefined && order.library === undefined) throw invalid('a barcode is unique within one library: name the library too');
    const library = order.library !== undefined ? await this.host.library(order.library) : undefined;
    const medium = library !== undefined && order.barcode !== undefined ? await this.#medium(library, order.barcode) : undefined;
    if (medium !== undefined) checkSide(medium, order.side);
    const application = caller.application ?? null;
    let allocation;
    try {
      allocation = await this.#catalog.transaction(async (tx) => {
        const taken = await tx.media.allocate(pool.id, {
          ...(library !== undefined ? { libraryId: library.id } : {}),
          ...(medium !== undefined ? { mediumId: medium.id } : {}),
          ...(order.side !== undefined ? { side: order.side } : {}),
          ...(application !== null ? { application } : {}),
        });
        await tx.audit.record({ who: caller, action: 'media.allocate', libraryId: taken.medium.libraryId, target: taken.medium.barcode ?? taken.medium.id, detail: { pool: pool.name, side: taken.side.side, from: taken.allocatedFrom } });
        return taken;
      });
    } catch (error) {
      if (isCatalogError(error, 'MEDIA_UNAVAILABLE')) await this.#askForMedia(pool, library, application);
      throw error;
    }
    const from = allocation.allocatedFrom === pool.id ? pool : await this.#catalog.pools.get(allocation.allocatedFrom);
    return { medium: await this.#view(this.#published(allocation.medium)), side: allocation.side.side, allocatedFrom: from.name };
  }

  async #askForMedia(pool: Pool, library: Library | undefined, application: string | null): Promise<void> {
    await this.host.desk.submit({
      kind: 'new-media',
      libraryId: library?.id ?? null,
      reason: `${NO_MEDIA_REASON}-${pool.id}`,
      poolId: pool.id,
      application,
      message: `Pool ${pool.name} has no ${pool.mediaType ?? ''} medium left to allocate${library !== undefined ? ` in library ${library.name}` : ''}; inject new media.`,
    });
  }

  /** DeallocateNtmsMedia, with the pool's policies (max allocations → decommissioned, deallocate to scratch). */
  async deallocate(order: SideOrder, caller: Caller): Promise<MediumView> {
    return this.#sideChange(order, caller, 'media.deallocate', async (tx, medium, side) => tx.media.deallocate(medium.id, side));
  }

  async setComplete(order: SideOrder, caller: Caller): Promise<MediumView> {
    return this.#sideChange(order, caller, 'media.complete', async (tx, medium, side) => {
      await tx.media.complete(medium.id, side);
      return tx.media.get(medium.id);
    });
  }

  async decommission(order: SideOrder, caller: Caller): Promise<MediumView> {
    return this.#sideChange(order, caller, 'media.decommission', async (tx, medium, side) => {
      await tx.media.decommission(medium.id, side);
      return tx.media.get(medium.id);
    });
  }

  async #sideChange(order: SideOrder, caller: Caller, action: string, change: (tx: CatalogScope, medium: Medium, side: number) => Promise<Medium>): Promise<MediumView> {
    const library = await this.host.library(order.library);
    const medium = await this.#medium(library, order.barcode);
    const side = checkSide(medium, order.side);
    const changed = await this.#catalog.transaction(async (tx) => {
      const m = await change(tx, medium, side);
      await tx.audit.record({ who: caller, action, libraryId: library.id, target: medium.barcode ?? medium.id, detail: { side } });
      return m;
    });
    return this.#view(this.#published(changed));
  }

  /** SwapNtmsMedia: two sides' logical media trade places (one two-sided cartridge, or two cartridges of one pool). */
  async swapSides(order: SwapOrder, caller: Caller): Promise<readonly MediumView[]> {
    const library = await this.host.library(order.library);
    const first = await this.#medium(library, order.first.barcode);
    const second = await this.#medium(library, order.second.barcode);
    const firstSide = checkSide(first, order.first.side);
    const secondSide = checkSide(second, order.second.side);
    await this.#catalog.transaction(async (tx) => {
      await tx.media.swapSides({ mediumId: first.id, side: firstSide }, { mediumId: second.id, side: secondSide });
      await tx.audit.record({ who: caller, action: 'media.swap', libraryId: library.id, target: first.barcode ?? first.id, detail: { side: firstSide, with: second.barcode ?? second.id, withSide: secondSide } });
    });
    const ids = first.id === second.id ? [first.id] : [first.id, second.id];
    return Promise.all(ids.map(async (id) => this.#view(this.#published(await this.#catalog.media.get(id)))));
  }

  /** DeleteNtmsMedia: only a medium outside the library whose sides no application holds. */
  async deleteMedium(libraryName: string, barcode: string, caller: Caller): Promise<MediumView> {
    const library = await this.host.library(libraryName);
    const medium = await this.#medium(library, barcode);
    const view = await this.#view(medium);
    await this.#catalog.transaction(async (tx) => {
      await tx.media.deleteOffline(medium.id);
      await tx.audit.record({ who: caller, action: 'media.delete', libraryId: library.id, target: medium.barcode ?? medium.id, detail: { pool: view.poolName } });
    });
    this.#published(medium, 'deleted');
    return view;
  }

  /** The policies of an application pool; system pools keep theirs (they neither draw from nor return to scratch). */
  async setPoolPolicy(name: string, policy: PoolPolicy, caller: Caller): Promise<Pool> {
    const pool = await this.#pool(name);
    if (pool.type !== 'application') throw invalid(`${pool.name} is the ${pool.type} pool; only application pools have allocation policies`);
    if (policy.maxAllocations !== undefined && policy.maxAllocations !== null && (!Number.isInteger(policy.maxAllocations) || policy.maxAllocations < 1)) {
      throw invalid(`maxAllocations is a whole number from 1, or null for no limit, not ${String(policy.maxAllocations)}`);
    }
    return this.#catalog.transaction(async (tx) => {
      const changed = await tx.pools.setPolicy(pool.id, policy);
      await tx.audit.record({ who: caller, action: 'pool.policy', target: pool.name, detail: { ...policy } });
      return changed;
    });
  }

  /** DeleteNtmsMediaPool: an application pool that holds no media and no pools (POOL_NOT_EMPTY otherwise). */
  async deletePool(name: string, caller: Caller): Promise<Pool> {
    const pool = await this.#pool(name);
    try {
      await this.#catalog.transaction(async (tx) => {
        await tx.pools.delete(pool.id);
        await tx.audit.record({ who: caller, action: 'pool.delete', target: pool.name, detail: { mediaType: pool.mediaType } });
      });
    } catch (error) {
      if (!isCatalogError(error, 'POOL_NOT_EMPTY')) throw error;
      throw new RsmError('INVALID_STATE', `${error.message}; move its media to another pool or deallocate them (and delete its pools) first`, { cause: error, detail: { catalogCode: error.code } });
    }
    return pool;
  }
}
