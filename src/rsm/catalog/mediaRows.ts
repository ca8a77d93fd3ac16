// Media and their sides read as arrays of column values (CatalogContext.arrays), for listings:
// the column lists fix each value's position, and these functions turn the values into what
// callers see, as toMedium and toSide do with row objects (the listing tests hold them equal).
import { OUTSIDE, type Medium, type MediumSide } from './medium.ts';
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

/**
 * One row of MEDIUM_COLUMNS as callers see it, straight from the values (the positions are the
 * list's): what toMedium makes of a row object, without building that object first — a listing
 * of 10 000 media spent as long collecting the garbage of its intermediate objects as reading.
 */
export function mediumOfValues(v: readonly unknown[]): Medium {
  const locationType = v[8] as MediaTable['location_type'];
  const locationIndex = v[9] as number | null;
  const labelType = v[15] as MediaTable['label_type'];
  return {
    id: v[0] as string,
    libraryId: v[1] as string,
    barcode: v[2] as string | null,
    barcodeState: v[3] as MediaTable['barcode_state'],
    mediaType: v[4] as string,
    sideCount: v[5] as number,
    alternateBarcode: (v[18] as string | null) ?? null,
    facingSide: (v[19] as number | null) ?? 0,
    poolId: v[6] as string | null,
    state: v[7] as MediaTable['state'],
    location: locationType === 'outside' || locationIndex === null ? OUTSIDE : { type: locationType, index: locationIndex },
    homeSlot: v[10] as number | null,
    mountCount: v[11] as number,
    lastMountedAt: v[12] as number | null,
    errorCount: v[13] as number,
    cleanerUsesRemaining: v[14] as number | null,
    onMediaLabel: labelType === null ? null : { type: labelType, id: v[16] as string | null, readAt: (v[17] as number | null) ?? 0 },
    enabled: v[20] === 1,
    createdAt: v[21] as number,
    updatedAt: v[22] as number,
  };
}

export const SIDE_COLUMNS = ['medium_id', 'side', 'state', 'allocation_count', 'mount_count', 'application'] as const satisfies readonly (keyof MediaSidesTable)[];

/** One row of SIDE_COLUMNS, from `at` on in `v`, as callers see it (what toSide makes of a row object). */
export function sideOfValues(v: readonly unknown[], at = 0): MediumSide {
  return {
    mediumId: v[at] as string,
    side: v[at + 1] as number,
    state: v[at + 2] as MediaSidesTable['state'],
    allocationCount: v[at + 3] as number,
    mountCount: v[at + 4] as number,
    application: v[at + 5] as string | null,
  };
}
