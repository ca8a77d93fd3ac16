// Media and their sides read as arrays of column values (CatalogContext.arrays), for listings:
// the column lists fix each value's position, and these functions put the values back into the
// tables' row shapes that toMedium and toSide already turn into what callers see.
import type { MediaSidesTable, MediaTable } from './schema.ts';

export const MEDIUM_COLUMNS = [
  'id',
  'library_id',
  'barcode',
  'barcode_state',
  'media_type',
  'sides',
  'pool_id',
  'state',
  'location_type',
  'location_index',
  'home_slot',
  'mount_count',
  'last_mounted_at',
  'error_count',
  'cleaner_uses_remaining',
  'label_type',
  'label_id',
  'label_read_at',
  'alternate_barcode',
  'facing_side',
  'enabled',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof MediaTable)[];

/** One row of MEDIUM_COLUMNS; the positions are the list's. */
export function mediaRowOf(v: readonly unknown[]): MediaTable {
  return {
    id: v[0],
    library_id: v[1],
    barcode: v[2],
    barcode_state: v[3],
    media_type: v[4],
    sides: v[5],
    pool_id: v[6],
    state: v[7],
    location_type: v[8],
    location_index: v[9],
    home_slot: v[10],
    mount_count: v[11],
    last_mounted_at: v[12],
    error_count: v[13],
    cleaner_uses_remaining: v[14],
    label_type: v[15],
    label_id: v[16],
    label_read_at: v[17],
    alternate_barcode: v[18],
    facing_side: v[19],
    enabled: v[20],
    created_at: v[21],
    updated_at: v[22],
  } as MediaTable;
}

export const SIDE_COLUMNS = ['medium_id', 'side', 'state', 'allocation_count', 'mount_count', 'application'] as const satisfies readonly (keyof MediaSidesTable)[];

/** One row of SIDE_COLUMNS. */
export function sideRowOf(v: readonly unknown[]): MediaSidesTable {
  return { medium_id: v[0], side: v[1], state: v[2], allocation_count: v[3], mount_count: v[4], application: v[5] } as MediaSidesTable;
}
