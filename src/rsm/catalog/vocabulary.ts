// The catalog's closed sets of words, stored as text so a row reads the same in SQLite, in
// PostgreSQL and in a log. Each set follows the NTMS enumeration it models (reference
// windows-changer §7.4); the migration that created the columns carries its own frozen copy
// of these lists in its CHECK constraints.
import { PLACE_TYPES, type PlaceType } from '../../shared/place.ts';

/** Element types of a library, named as in the driver API (zero-based index per type). */
export const ELEMENT_TYPES = ['transport', 'slot', 'ieport', 'drive', 'door'] as const;
export type ElementTypeName = (typeof ELEMENT_TYPES)[number];

/** The element types that hold a cartridge, and so can be a medium's location: the place types every layer above the driver uses. */
export const MEDIUM_ELEMENT_TYPES = PLACE_TYPES;
export type MediumElementType = PlaceType;

/**
 * What the library last reported about an element (NtmsSlotState, NtmsDoorState, NtmsPortPosition).
 * `full`/`empty` is the device's view; which barcode sits there is the media table's business,
 * so a full element with no medium row is a cartridge without a readable label.
 */
export const ELEMENT_STATES = ['unknown', 'full', 'empty', 'not-present', 'needs-inventory', 'open', 'closed', 'extended', 'retracted'] as const;
export type ElementState = (typeof ELEMENT_STATES)[number];

export const LIBRARY_STATES = ['online', 'offline'] as const;
export type LibraryState = (typeof LIBRARY_STATES)[number];

/** NtmsDriveState. */
export const DRIVE_STATES = ['dismounted', 'mounted', 'loaded', 'unloaded', 'being-cleaned', 'dismountable'] as const;
export type DriveState = (typeof DRIVE_STATES)[number];

/** NtmsMediaState: where the physical medium is in its mount cycle. */
export const MEDIUM_STATES = ['idle', 'in-use', 'mounted', 'loaded', 'unloaded', 'operror', 'opreq'] as const;
export type MediumState = (typeof MEDIUM_STATES)[number];

/** NtmsPartitionState: the life cycle of one side of a medium (tape has one side, side 0). */
export const SIDE_STATES = ['new', 'unprepared', 'incompatible', 'decommissioned', 'available', 'allocated', 'complete', 'foreign', 'import', 'reserved'] as const;
export type SideState = (typeof SIDE_STATES)[number];

/** NtmsBarCodeState, plus `none` for media that carry no label at all. */
export const BARCODE_STATES = ['ok', 'unreadable', 'none'] as const;
export type BarcodeState = (typeof BARCODE_STATES)[number];

/** What the start of the tape holds (NTMS on-media identifier, as the label recognisers name it). */
export const LABEL_TYPES = ['blank', 'ansi', 'amanda', 'foreign'] as const;
export type LabelType = (typeof LABEL_TYPES)[number];

/**
 * NtmsPoolType. `free` is NTMS_POOLTYPE_SCRATCH, `unrecognized` is NTMS_POOLTYPE_FOREIGN; the three
 * system pools exist once per media type, application pools are created by programs.
 */
export const POOL_TYPES = ['free', 'import', 'unrecognized', 'application'] as const;
export type PoolType = (typeof POOL_TYPES)[number];
export type SystemPoolType = Exclude<PoolType, 'application'>;

/** Library requests (a subset of NtmsLmOperation, the ones a scheduler runs). */
export const REQUEST_KINDS = ['mount', 'dismount', 'move', 'inject', 'eject', 'inventory', 'clean'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** NtmsLmState as users see it, plus `timed-out` for a request whose deadline passed. */
export const REQUEST_STATES = ['queued', 'waiting', 'in-progress', 'completed', 'failed', 'cancelled', 'timed-out'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];
export const FINISHED_REQUEST_STATES: readonly RequestState[] = ['completed', 'failed', 'cancelled', 'timed-out'];

/** NtmsOpreqCommand. */
export const OPERATOR_REQUEST_KINDS = ['new-media', 'cleaner', 'device-service', 'move-media', 'message'] as const;
export type OperatorRequestKind = (typeof OPERATOR_REQUEST_KINDS)[number];

/** NtmsOpreqState, with ACTIVE and INPROGRESS folded into `acknowledged`. */
export const OPERATOR_REQUEST_STATES = ['submitted', 'acknowledged', 'refused', 'completed'] as const;
export type OperatorRequestState = (typeof OPERATOR_REQUEST_STATES)[number];
export const OPEN_OPERATOR_REQUEST_STATES: readonly OperatorRequestState[] = ['submitted', 'acknowledged'];

/** NtmsMountPriority: any integer from LOWEST to HIGHEST. */
export const PRIORITY_LOWEST = -15;
export const PRIORITY_HIGHEST = 15;
