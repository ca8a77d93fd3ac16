// A mount order checked and turned into a request: a named medium (barcode), or a side allocated
// from a pool as AllocateNtmsMedia does (the pool's own available media first, then its free pool
// when the pool draws from scratch). When the pool has nothing, the operator is asked for new
// media and the caller gets MEDIA_UNAVAILABLE at once, rather than a mount that never ends.
import { isCatalogError, type Drive, type Element, type Medium, type LibraryRequest, type NewRequest } from '../../catalog/index.ts';
import { RsmError } from '../../rsmError.ts';
import type { Caller, MountOrder } from '../../service.ts';
import { checkMediumAccess } from './accessCheck.ts';
import type { ManagerContext } from '../context.ts';
import { invalid, invalidState, notFound } from '../errors.ts';
import type { OwnedLibrary } from '../library/index.ts';
import type { OperatorDesk } from './operatorDesk.ts';
import { baseFields, candidateDrives, checkAccess, checkDriveIndex, checkMountable, checkSide, findMedium } from './orders.ts';

export const NO_MEDIA_REASON = 'pool-empty';

export interface MountPlan {
  readonly request: NewRequest;
  readonly barcode: string | null;
  /** Give back what the check took (an allocation) when the request cannot be written after all. */
  readonly undo: () => Promise<void>;
}

/**
 * A medium named by its catalog id (what an allocation answers; the one name an unlabelled
 * cartridge has), in this library, within the caller's pools — as a barcode would be checked.
 */
async function mediumById(catalog: ManagerContext['catalog'], runtime: OwnedLibrary, id: string, caller: Caller): Promise<Medium> {
  const medium = await catalog.media.get(id).catch(() => undefined);
  if (medium === undefined || medium.libraryId !== runtime.library?.id) throw notFound(`library ${runtime.name} has no medium with id ${id}`);
  await checkMediumAccess(catalog, caller, medium);
  return medium;
}

/** What the caller read of this library moments before (refuseDisabledForMount), to use rather than read again. */
export interface MountReads {
  readonly driveElements: readonly Element[];
  /** The medium of the order's barcode; undefined when it names none or none has it. */
  readonly medium: Medium | undefined;
}

/** A mount of this medium not yet finished. Only this medium's: the whole queue of a busy library is hundreds of rows to read and build per mount. */
async function twinOf(catalog: ManagerContext['catalog'], libraryId: string, mediumId: string): Promise<LibraryRequest | undefined> {
  const [twin] = await catalog.requests.list({ libraryId, kinds: ['mount'], states: ['queued', 'waiting', 'in-progress'], mediumId });
  return twin;
}

export async function mountRequest(ctx: ManagerContext, desk: OperatorDesk, runtime: OwnedLibrary, order: MountOrder, caller: Caller, now: number, read?: MountReads): Promise<MountPlan> {
  const catalog = ctx.catalog;
  const libraryId = runtime.library?.id ?? '';
  const base = baseFields(runtime, order, now);
  const access = checkAccess(order.access);
  const drive = order.drive === undefined ? null : checkDriveIndex(runtime, order.drive);
  if (order.barcode === undefined && order.pool === undefined && order.mediumId === undefined) throw invalid('name a barcode (or a medium id), or a pool to take a scratch medium from');
  if (order.barcode !== undefined && order.mediumId !== undefined) throw invalid('name the medium by its barcode or by its id, not both');
  const pool = order.pool !== undefined ? await catalog.pools.findByName(order.pool) : undefined;
  if (order.pool !== undefined && pool === undefined) throw notFound(`no pool ${order.pool}`);

  let medium: Medium;
  let side: number;
  let allocated = false;
  /** A named medium's twin and the library's drives, read beside its sides (one wait for the catalog's connections, not three); the checks below keep their order. */
  let early: { readonly twin: Promise<LibraryRequest | undefined>; readonly drives: Promise<Drive[]> } | undefined;
  if (order.barcode !== undefined || order.mediumId !== undefined) {
    medium = order.mediumId !== undefined ? await mediumById(catalog, runtime, order.mediumId, caller) : (read?.medium ?? (await findMedium(catalog, runtime, order.barcode)));
    checkMountable(medium);
    side = checkSide(medium, order.side);
    if (pool === undefined) {
      early = { twin: twinOf(catalog, libraryId, medium.id), drives: catalog.drives.list(libraryId) };
      // Not waited for when a check below refuses first: no unhandled rejection then.
      early.twin.catch(() => undefined);
      early.drives.catch(() => undefined);
    }
    const sides = await catalog.media.sides(medium.id);
    if (access === 'write' && sides.find((s) => s.side === side)?.state === 'complete') throw invalidState(`side ${side} of ${medium.barcode ?? medium.id} is complete (full); mount it for reading`);
    if (pool !== undefined && medium.poolId !== pool.id) {
      const allocation = await catalog.media.allocate(pool.id, { libraryId, mediumId: medium.id, side, ...(caller.application ? { application: caller.application } : {}) });
      medium = allocation.medium;
      allocated = true;
    }
  } else {
    const target = pool as NonNullable<typeof pool>;
    if (target.type !== 'application') throw invalid(`scratch media are allocated into application pools; ${target.name} is the ${target.type} pool`);
    try {
      const allocation = await catalog.media.allocate(target.id, { libraryId, ...(caller.application ? { application: caller.application } : {}) });
      medium = allocation.medium;
      side = allocation.side.side;
      allocated = true;
    } catch (error) {
      if (!isCatalogError(error, 'MEDIA_UNAVAILABLE')) throw error;
      await desk.submit({
        kind: 'new-media',
        libraryId,
        reason: `${NO_MEDIA_REASON}-${target.id}`,
        poolId: target.id,
        application: caller.application ?? null,
        message: `Pool ${target.name} has no ${target.mediaType ?? ''} medium left to allocate in library ${runtime.name}; inject new media.`,
      });
      throw error;
    }
  }
  const undo = async (): Promise<void> => {
    if (allocated) await catalog.media.deallocate(medium.id, side).catch(() => undefined);
  };
  try {
    if (allocated) checkMountable(medium);
    const twin = await (early?.twin ?? twinOf(catalog, libraryId, medium.id));
    if (twin !== undefined) throw invalidState(`${medium.barcode ?? 'the medium'} is already being mounted (request ${twin.id})`);
    await candidateDrives(catalog, runtime, medium, access, drive, read?.driveElements, await early?.drives);
  } catch (error) {
    await undo();
    if (allocated && error instanceof RsmError && error.code === 'INVALID_STATE') throw new RsmError('MEDIA_UNAVAILABLE', `the medium allocated from ${order.pool ?? 'the pool'} cannot be mounted: ${error.message}`);
    throw error;
  }
  return {
    request: { ...base, kind: 'mount', mediumId: medium.id, side, poolId: pool?.id ?? medium.poolId, driveIndex: drive, options: { access, allocated, barcode: medium.barcode } },
    barcode: medium.barcode,
    undo,
  };
}
