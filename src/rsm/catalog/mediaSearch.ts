// Finding media in the catalog by what a person remembers about them: a barcode pattern
// (`A0000*`, `UDO00?1A`), the pool, the state, where they are, when they were last mounted.
// Everything is filtered and paged in SQL, so a listing of 10 000 cartridges reads one page.
import { sql, type SelectQueryBuilder } from 'kysely';
import type { CatalogDatabase } from './schema.ts';
import type { MediumElementType, MediumState, SideState } from './vocabulary.ts';

export interface MediaSearch {
  readonly libraryId?: string;
  readonly poolId?: string;
  /** A barcode, or a pattern where `*` is any run of characters and `?` one character; case-insensitive. */
  readonly barcode?: string;
  readonly states?: readonly MediumState[];
  readonly locationTypes?: readonly (MediumElementType | 'outside')[];
  readonly mediaType?: string;
  /** Media with at least one side in one of these states (e.g. `available`: scratch to allocate). */
  readonly sideStates?: readonly SideState[];
  /** Last mounted at or after / before (epoch ms); `mountedBefore` includes media never mounted. */
  readonly mountedSince?: number;
  readonly mountedBefore?: number;
  readonly limit?: number;
  readonly offset?: number;
}

/** `*`/`?` wildcards to a LIKE pattern; the LIKE metacharacters of the barcode itself are escaped with `\`. */
export function likePattern(glob: string): string {
  return glob.replace(/[\\%_]/g, (c) => `\\${c}`).replace(/\*/g, '%').replace(/\?/g, '_');
}

export function isPattern(barcode: string): boolean {
  return barcode.includes('*') || barcode.includes('?');
}

type MediaQuery = SelectQueryBuilder<CatalogDatabase, 'media', object>;

export function whereMedia<Q extends MediaQuery>(query: Q, search: MediaSearch): Q {
  let q = query as MediaQuery;
  if (search.libraryId !== undefined) q = q.where('media.library_id', '=', search.libraryId);
  if (search.poolId !== undefined) q = q.where('media.pool_id', '=', search.poolId);
  if (search.mediaType !== undefined) q = q.where('media.media_type', '=', search.mediaType);
  if (search.states !== undefined && search.states.length > 0) q = q.where('media.state', 'in', search.states);
  if (search.locationTypes !== undefined && search.locationTypes.length > 0) q = q.where('media.location_type', 'in', search.locationTypes);
  if (search.barcode !== undefined) {
    const barcode = search.barcode;
    // upper() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not; both must answer alike.
    q = isPattern(barcode)
      ? q.where(sql<boolean>`upper(media.barcode) like upper(${likePattern(barcode)}) escape '\\'`)
      : q.where('media.barcode', '=', barcode);
  }
  if (search.mountedSince !== undefined) q = q.where('media.last_mounted_at', '>=', search.mountedSince);
  if (search.mountedBefore !== undefined) {
    const before = search.mountedBefore;
    q = q.where((eb) => eb.or([eb('media.last_mounted_at', 'is', null), eb('media.last_mounted_at', '<', before)]));
  }
  if (search.sideStates !== undefined && search.sideStates.length > 0) {
    const states = search.sideStates;
    q = q.where((eb) => eb.exists(eb.selectFrom('media_sides').select('media_sides.side').whereRef('media_sides.medium_id', '=', 'media.id').where('media_sides.state', 'in', states)));
  }
  return q as Q;
}
