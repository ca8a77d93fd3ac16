// The rest of a side's life cycle after allocation (reference windows-changer §7.5, §7.6 "Media
// services"): SetNtmsMediaComplete (allocated → complete: full, never written again),
// DecommissionNtmsMedia (available → decommissioned: retired, never allocated again),
// SwapNtmsMedia (two logical media trade the physical sides they live on) and DeleteNtmsMedia
// (forget a cartridge that left the library for good). Each is one transaction whose final
// UPDATE re-checks the state it started from, so two managers racing cannot both win.
import type { Selectable } from 'kysely';
import { CatalogError } from './catalogError.ts';
import type { CatalogContext } from './context.ts';
import { toMedium, toSide, type Medium, type MediumSide } from './medium.ts';
import type { MediaSidesTable, MediaTable } from './schema.ts';
import type { SideState } from './vocabulary.ts';

/** A side's states that belong to an application (a logical medium exists for them). */
const HELD: readonly SideState[] = ['allocated', 'complete', 'reserved'];

/** One side of one medium, as SwapNtmsMedia names a logical medium. */
export interface SideRef {
  readonly mediumId: string;
  readonly side: number;
}

function nameOf(row: Pick<MediaTable, 'barcode' | 'id'>): string {
  return row.barcode ?? row.id;
}

async function mediumRow(ctx: CatalogContext, mediumId: string): Promise<Selectable<MediaTable>> {
  const row = await ctx.db.selectFrom('media').selectAll().where('id', '=', mediumId).executeTakeFirst();
  if (row === undefined) throw new CatalogError('NOT_FOUND', `no medium ${mediumId}`);
  return row;
}

async function sideRow(ctx: CatalogContext, medium: Selectable<MediaTable>, side: number): Promise<Selectable<MediaSidesTable>> {
  const row = await ctx.db.selectFrom('media_sides').selectAll().where('medium_id', '=', medium.id).where('side', '=', side).executeTakeFirst();
  if (row === undefined) throw new CatalogError('NOT_FOUND', `${nameOf(medium)} has ${medium.sides} side(s); side ${side} does not exist`);
  return row;
}

/** Change one side from `from` to `to`, refusing (INVALID_STATE) when it is not in `from`. */
function transition(ctx: CatalogContext, mediumId: string, side: number, from: SideState, to: SideState, why: string, check?: (medium: Selectable<MediaTable>) => void): Promise<MediumSide> {
  return ctx.atomic(async (tx) => {
    const medium = await mediumRow(tx, mediumId);
    const row = await sideRow(tx, medium, side);
    if (row.state !== from) throw new CatalogError('INVALID_STATE', `side ${side} of ${nameOf(medium)} is ${row.state}; ${why}`);
    check?.(medium);
    const result = await tx.db.updateTable('media_sides').set({ state: to }).where('medium_id', '=', mediumId).where('side', '=', side).where('state', '=', from).executeTakeFirst();
    if (result.numUpdatedRows !== 1n) throw new CatalogError('INVALID_STATE', `side ${side} of ${nameOf(medium)} changed while it was being set ${to}`);
    await tx.db.updateTable('media').set({ updated_at: tx.now() }).where('id', '=', mediumId).execute();
    return toSide(await sideRow(tx, medium, side));
  });
}

/** SetNtmsMediaComplete: only an allocated side, and not while its cartridge is in a drive or on its way. */
export function completeSide(ctx: CatalogContext, mediumId: string, side: number): Promise<MediumSide> {
  return transition(ctx, mediumId, side, 'allocated', 'complete', 'only an allocated side can be set complete', (medium) => {
    if (medium.state !== 'idle') throw new CatalogError('INVALID_STATE', `${nameOf(medium)} is ${medium.state}; dismount it before setting it complete`);
  });
}

/** DecommissionNtmsMedia: only an available side (deallocate it first); it is never allocated again. */
export function decommissionSide(ctx: CatalogContext, mediumId: string, side: number): Promise<MediumSide> {
  return transition(ctx, mediumId, side, 'available', 'decommissioned', 'only an available side can be decommissioned (deallocate it first)');
}

const SWAPPABLE: readonly SideState[] = ['available', 'allocated', 'complete'];

/**
 * SwapNtmsMedia: the logical media on two sides trade places — state and owning application move,
 * the physical counts (allocations, mounts) stay with the side they describe. Both sides of a
 * cartridge are always in one pool, so sides of two cartridges must share the pool and media type.
 */
export function swapSides(ctx: CatalogContext, first: SideRef, second: SideRef): Promise<[MediumSide, MediumSide]> {
  return ctx.atomic(async (tx) => {
    if (first.mediumId === second.mediumId && first.side === second.side) throw new CatalogError('INVALID_PARAMETER', 'a side cannot be swapped with itself');
    const a = await mediumRow(tx, first.mediumId);
    const b = first.mediumId === second.mediumId ? a : await mediumRow(tx, second.mediumId);
    const sa = await sideRow(tx, a, first.side);
    const sb = await sideRow(tx, b, second.side);
    for (const [m, s] of [[a, sa], [b, sb]] as const) {
      if (!SWAPPABLE.includes(s.state)) throw new CatalogError('INVALID_STATE', `side ${s.side} of ${nameOf(m)} is ${s.state}; only available, allocated and complete sides can be swapped`);
      if (m.state !== 'idle') throw new CatalogError('INVALID_STATE', `${nameOf(m)} is ${m.state}; swap sides while the cartridge is idle`);
    }
    if (!HELD.includes(sa.state) && !HELD.includes(sb.state)) throw new CatalogError('INVALID_STATE', `neither side holds a logical medium (both are ${sa.state}); nothing to swap`);
    if (a.id !== b.id && (a.pool_id !== b.pool_id || a.media_type !== b.media_type)) {
      throw new CatalogError('INVALID_MEDIA_POOL', `${nameOf(a)} and ${nameOf(b)} are in different pools or of different media types; both sides of a cartridge stay in one pool`);
    }
    const put = async (target: Selectable<MediaSidesTable>, from: Selectable<MediaSidesTable>): Promise<void> => {
      const result = await tx.db
        .updateTable('media_sides')
        .set({ state: from.state, application: from.application })
        .where('medium_id', '=', target.medium_id)
        .where('side', '=', target.side)
        .where('state', '=', target.state)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) throw new CatalogError('INVALID_STATE', `side ${target.side} of ${target.medium_id} changed during the swap`);
    };
    await put(sa, sb);
    await put(sb, sa);
    await tx.db.updateTable('media').set({ updated_at: tx.now() }).where('id', 'in', [a.id, b.id]).execute();
    return [toSide(await sideRow(tx, a, first.side)), toSide(await sideRow(tx, b, second.side))];
  });
}

/**
 * DeleteNtmsMedia: forget a cartridge that left the library for good. Only from outside the
 * library (a cartridge inside is still somewhere the catalog must know), and only when no side
 * still belongs to an application (deallocate first: someone's data would be forgotten).
 */
export function deleteOfflineMedium(ctx: CatalogContext, mediumId: string): Promise<Medium> {
  return ctx.atomic(async (tx) => {
    const medium = await mediumRow(tx, mediumId);
    if (medium.location_type !== 'outside') {
      throw new CatalogError('INVALID_STATE', `${nameOf(medium)} is in ${medium.location_type} ${String(medium.location_index)} of its library; eject it before deleting it`);
    }
    const held = await tx.db.selectFrom('media_sides').select(['side', 'state']).where('medium_id', '=', mediumId).where('state', 'in', HELD).execute();
    if (held.length > 0) {
      throw new CatalogError('INVALID_STATE', `${nameOf(medium)} still has ${held.map((s) => `side ${s.side} ${s.state}`).join(', ')}; deallocate it first`);
    }
    await tx.db.deleteFrom('media_sides').where('medium_id', '=', mediumId).execute();
    const result = await tx.db.deleteFrom('media').where('id', '=', mediumId).where('location_type', '=', 'outside').executeTakeFirst();
    if (result.numDeletedRows !== 1n) throw new CatalogError('INVALID_STATE', `${nameOf(medium)} moved while it was being deleted`);
    return toMedium(medium);
  });
}
