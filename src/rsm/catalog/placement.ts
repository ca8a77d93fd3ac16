// Moving media in the catalog. A placement rewrites the one row of a medium, so the medium is
// in exactly one place before and after; the unique index on occupied locations refuses a
// second medium in an element even when two managers race. Several moves that must land
// together (an exchange, a reconciliation) go through `placeMany` in one transaction.
import { CatalogError } from './catalogError.ts';
import { isUniqueViolation, MEDIA_LOCATION_INDEX } from './constraintViolation.ts';
import type { CatalogContext } from './context.ts';
import { describeLocation, locationColumns, locationOf, sameLocation, toMedium, type Location, type Medium } from './medium.ts';
import type { MediaTable } from './schema.ts';
import type { MediumState } from './vocabulary.ts';

export interface Placement {
  readonly mediumId: string;
  readonly to: Location;
  /** Refuse (INVALID_STATE) unless the catalog has the medium here: a compare-and-set. */
  readonly expectFrom?: Location;
  /** Also set the medium's state (e.g. `mounted` when it lands in a drive). */
  readonly state?: MediumState;
  /** Make the destination slot the medium's home slot. */
  readonly setHome?: boolean;
}

/**
 * Read a medium for moving it. On PostgreSQL the row stays locked until commit, so `expectFrom`
 * is a true compare-and-set against a manager moving the same medium (SQLite's IMMEDIATE
 * transaction already excludes everyone).
 */
async function loadMedium(ctx: CatalogContext, mediumId: string): Promise<MediaTable> {
  let query = ctx.db.selectFrom('media').selectAll().where('id', '=', mediumId);
  if (ctx.engine === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (row === undefined) throw new CatalogError('NOT_FOUND', `no medium ${mediumId}`);
  return row;
}

function label(row: Pick<MediaTable, 'barcode' | 'id'>): string {
  return row.barcode ?? row.id;
}

async function checkElementExists(ctx: CatalogContext, libraryId: string, to: Location): Promise<void> {
  if (to.type === 'outside') return;
  const element = await ctx.db
    .selectFrom('elements')
    .select('element_index')
    .where('library_id', '=', libraryId)
    .where('element_type', '=', to.type)
    .where('element_index', '=', to.index)
    .executeTakeFirst();
  if (element === undefined) throw new CatalogError('NO_SUCH_ELEMENT', `library ${libraryId} has no ${describeLocation(to)}`);
}

async function occupantOf(ctx: CatalogContext, libraryId: string, at: Location): Promise<Pick<MediaTable, 'id' | 'barcode'> | undefined> {
  if (at.type === 'outside') return undefined;
  return ctx.db
    .selectFrom('media')
    .select(['id', 'barcode'])
    .where('library_id', '=', libraryId)
    .where('location_type', '=', at.type)
    .where('location_index', '=', at.index)
    .executeTakeFirst();
}

function validateLocation(to: Location): void {
  if (to.type !== 'outside' && (!Number.isInteger(to.index) || to.index < 0)) {
    throw new CatalogError('INVALID_PARAMETER', `element index ${String(to.index)} is not a zero-based index`);
  }
}

function fullError(libraryId: string, to: Location, occupant: string | undefined, cause?: unknown): CatalogError {
  const who = occupant !== undefined ? ` (${occupant} is there)` : '';
  return new CatalogError('ELEMENT_FULL', `${describeLocation(to)} of library ${libraryId} is occupied${who}`, cause !== undefined ? { cause } : undefined);
}

async function writeLocation(ctx: CatalogContext, row: MediaTable, move: Placement, now: number): Promise<void> {
  const patch: Partial<MediaTable> = { ...locationColumns(move.to), updated_at: now };
  if (move.state !== undefined) patch.state = move.state;
  if (move.setHome === true && move.to.type === 'slot') patch.home_slot = move.to.index;
  try {
    await ctx.db.updateTable('media').set(patch).where('id', '=', row.id).execute();
  } catch (err) {
    if (isUniqueViolation(err, MEDIA_LOCATION_INDEX)) throw fullError(row.library_id, move.to, undefined, err);
    throw err;
  }
}

/** Move several media at once: every move lands, or none does. Destinations must be distinct. */
export function placeMany(ctx: CatalogContext, moves: readonly Placement[]): Promise<Medium[]> {
  return ctx.atomic(async (tx) => {
    const ids = new Set(moves.map((m) => m.mediumId));
    if (ids.size !== moves.length) throw new CatalogError('INVALID_PARAMETER', 'a medium appears twice in one set of placements');
    const rows = new Map<string, MediaTable>();
    for (const move of moves) {
      validateLocation(move.to);
      const row = await loadMedium(tx, move.mediumId);
      if (move.expectFrom !== undefined && !sameLocation(locationOf(row), move.expectFrom)) {
        throw new CatalogError('INVALID_STATE', `${label(row)} is ${describeLocation(locationOf(row))}, not ${describeLocation(move.expectFrom)}`);
      }
      await checkElementExists(tx, row.library_id, move.to);
      rows.set(row.id, row);
    }
    const libraryOf = (move: Placement): string => (rows.get(move.mediumId) as MediaTable).library_id;
    const destinations = new Set<string>();
    for (const move of moves) {
      if (move.to.type === 'outside') continue;
      const key = `${libraryOf(move)}/${move.to.type}/${move.to.index}`;
      if (destinations.has(key)) throw new CatalogError('INVALID_PARAMETER', `two media would land in ${describeLocation(move.to)}`);
      destinations.add(key);
      const occupant = await occupantOf(tx, libraryOf(move), move.to);
      // An occupant that is itself moving away frees the element within this transaction.
      if (occupant !== undefined && !ids.has(occupant.id)) throw fullError(libraryOf(move), move.to, label(occupant));
    }
    const now = tx.now();
    // Park every moving medium outside first, so a swap never collides with itself mid-way;
    // nobody else sees this state, it never leaves the transaction.
    if (moves.length > 1) {
      for (const move of moves) await tx.db.updateTable('media').set(locationColumns({ type: 'outside' })).where('id', '=', move.mediumId).execute();
    }
    for (const move of moves) await writeLocation(tx, rows.get(move.mediumId) as MediaTable, move, now);
    const placed = await tx.db.selectFrom('media').selectAll().where('id', 'in', [...ids]).execute();
    const byId = new Map(placed.map((r) => [r.id, toMedium(r)]));
    return moves.map((m) => byId.get(m.mediumId) as Medium);
  });
}

export async function place(ctx: CatalogContext, move: Placement): Promise<Medium> {
  const [placed] = await placeMany(ctx, [move]);
  return placed as Medium;
}
