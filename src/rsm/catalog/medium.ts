// A medium as catalog callers see it, and where it is. Every medium is always somewhere: in one
// element of its library (slot, drive, ieport, or the transport = picker) or outside the library
// (ejected, on a shelf: NTMS's offline library). One row per cartridge makes "in two places"
// impossible; a non-null location makes "nowhere" impossible.
import type { Selectable } from 'kysely';
import type { MediaSidesTable, MediaTable } from './schema.ts';
import type { Place } from '../../shared/place.ts';
import type { BarcodeState, LabelType, MediumState, SideState } from './vocabulary.ts';

/** Where a medium is: a place in its library, or outside it. */
export type Location = Place | { readonly type: 'outside' };

export const OUTSIDE: Location = Object.freeze({ type: 'outside' });

export interface Medium {
  readonly id: string;
  readonly libraryId: string;
  readonly barcode: string | null;
  readonly barcodeState: BarcodeState;
  readonly mediaType: string;
  /** 1 for tape; 2 for two-sided optical media (sides 0 = A, 1 = B). */
  readonly sideCount: number;
  /** The volume tag of side B of a two-sided medium (barcode is side A's); null for tape. */
  readonly alternateBarcode: string | null;
  /** The side facing the drive's head now (a mount of the other side flips the cartridge). */
  readonly facingSide: number;
  readonly poolId: string | null;
  readonly state: MediumState;
  readonly location: Location;
  readonly homeSlot: number | null;
  readonly mountCount: number;
  readonly lastMountedAt: number | null;
  readonly errorCount: number;
  /** Null for data media; for cleaners the cleanings left, -1 = until it no longer cleans. */
  readonly cleanerUsesRemaining: number | null;
  /** The label on the medium itself, once a full inventory has read it in a drive. */
  readonly onMediaLabel: OnMediaLabel | null;
  readonly enabled: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface OnMediaLabel {
  readonly type: LabelType;
  /** The volume name the label carries (null for blank and foreign media). */
  readonly id: string | null;
  readonly readAt: number;
}

export interface MediumSide {
  readonly mediumId: string;
  readonly side: number;
  readonly state: SideState;
  readonly allocationCount: number;
  readonly mountCount: number;
  readonly application: string | null;
}

export function locationOf(row: Pick<MediaTable, 'location_type' | 'location_index'>): Location {
  if (row.location_type === 'outside' || row.location_index === null) return OUTSIDE;
  return { type: row.location_type, index: row.location_index };
}

export function locationColumns(location: Location): Pick<MediaTable, 'location_type' | 'location_index'> {
  return location.type === 'outside' ? { location_type: 'outside', location_index: null } : { location_type: location.type, location_index: location.index };
}

export function sameLocation(a: Location, b: Location): boolean {
  if (a.type === 'outside' || b.type === 'outside') return a.type === b.type;
  return a.type === b.type && a.index === b.index;
}

export function describeLocation(location: Location): string {
  return location.type === 'outside' ? 'outside the library' : `${location.type} ${location.index}`;
}

export function toMedium(row: Selectable<MediaTable>): Medium {
  return {
    id: row.id,
    libraryId: row.library_id,
    barcode: row.barcode,
    barcodeState: row.barcode_state,
    mediaType: row.media_type,
    sideCount: row.sides,
    alternateBarcode: row.alternate_barcode ?? null,
    facingSide: row.facing_side ?? 0,
    poolId: row.pool_id,
    state: row.state,
    location: locationOf(row),
    homeSlot: row.home_slot,
    mountCount: row.mount_count,
    lastMountedAt: row.last_mounted_at,
    errorCount: row.error_count,
    cleanerUsesRemaining: row.cleaner_uses_remaining,
    onMediaLabel: row.label_type === null ? null : { type: row.label_type, id: row.label_id, readAt: row.label_read_at ?? 0 },
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toSide(row: Selectable<MediaSidesTable>): MediumSide {
  return {
    mediumId: row.medium_id,
    side: row.side,
    state: row.state,
    allocationCount: row.allocation_count,
    mountCount: row.mount_count,
    application: row.application,
  };
}
