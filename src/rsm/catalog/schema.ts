// Row shapes of the catalog tables as Kysely sees them. Portable column choices, so one schema
// serves SQLite and PostgreSQL: times are epoch milliseconds in BIGINT, flags are INTEGER 0/1,
// lists and free-form detail are JSON text, object ids are text GUIDs as in NTMS (readable in a
// URL, never reused), and queue-like tables use an increasing integer id so FIFO order is exact.
import type { Generated } from 'kysely';
import type {
  BarcodeState,
  DriveState,
  ElementState,
  ElementTypeName,
  LabelType,
  LibraryState,
  MediumElementType,
  MediumState,
  OperatorRequestKind,
  OperatorRequestState,
  PoolType,
  RequestKind,
  RequestState,
  SideState,
} from './vocabulary.ts';

export type Flag = 0 | 1;

export interface LibrariesTable {
  id: string;
  name: string;
  device_url: string;
  profile: string | null;
  vendor_id: string | null;
  product_id: string | null;
  revision: string | null;
  serial_number: string | null;
  state: LibraryState;
  /** Zero-based slot reserved for the cleaner (NTMS CleanerSlot), if any. */
  cleaner_slot: number | null;
  owner_id: string | null;
  lease_expires_at: number | null;
  lease_acquired_at: number | null;
  /** Incremented at every acquisition, never reset: the fencing token. */
  fencing_key: number;
  created_at: number;
  updated_at: number;
}

export interface ElementsTable {
  library_id: string;
  element_type: ElementTypeName;
  element_index: number;
  display_number: number;
  state: ElementState;
  magazine: number | null;
  enabled: Flag;
}

export interface DrivesTable {
  library_id: string;
  drive_index: number;
  serial_number: string | null;
  device_path: string | null;
  /** JSON array of media type names the drive reads. */
  media_types_read: string;
  /** JSON array of media type names the drive writes. */
  media_types_written: string;
  state: DriveState;
  needs_cleaning: Flag;
  last_cleaned_at: number | null;
  mount_count: number;
}

export interface MediaTable {
  id: string;
  library_id: string;
  barcode: string | null;
  barcode_state: BarcodeState;
  media_type: string;
  sides: number;
  pool_id: string | null;
  state: MediumState;
  location_type: MediumElementType | 'outside';
  location_index: number | null;
  home_slot: number | null;
  mount_count: number;
  last_mounted_at: number | null;
  error_count: number;
  /** Null for data media; for cleaners the cleanings left, -1 = use until it no longer cleans. */
  cleaner_uses_remaining: number | null;
  /** What a full inventory read at the start of the tape (migration 0002); null until read. */
  label_type: LabelType | null;
  /** The volume name in that label (ANSI volume identifier, Amanda label). */
  label_id: string | null;
  label_read_at: number | null;
  /** Two-sided media: the volume tag of side B (migration 0004); null for tape. */
  alternate_barcode: string | null;
  /** The side that faces the drive's head now: 0 (A) or 1 (B, the cartridge is flipped). */
  facing_side: number;
  enabled: Flag;
  created_at: number;
  updated_at: number;
}

export interface MediaSidesTable {
  medium_id: string;
  side: number;
  state: SideState;
  allocation_count: number;
  mount_count: number;
  /** The application that allocated the side, while allocated or complete. */
  application: string | null;
}

export interface PoolsTable {
  id: string;
  name: string;
  pool_type: PoolType;
  media_type: string | null;
  parent_id: string | null;
  allocate_from_scratch: Flag;
  deallocate_to_scratch: Flag;
  /** Allocations after which a side is decommissioned instead of returned (dwMaxAllocates). */
  max_allocations: number | null;
  created_at: number;
}

export interface RequestsTable {
  id: Generated<number>;
  library_id: string;
  kind: RequestKind;
  state: RequestState;
  priority: number;
  application: string | null;
  user_name: string | null;
  medium_id: string | null;
  side: number | null;
  pool_id: string | null;
  drive_index: number | null;
  destination_type: MediumElementType | null;
  destination_index: number | null;
  /** JSON object of kind-specific options (mount read/write, dismount deferred, …). */
  options: string;
  deadline_at: number | null;
  submitted_at: number;
  started_at: number | null;
  finished_at: number | null;
  error_code: string | null;
  /** The lease owner that claimed the request. */
  claimed_by: string | null;
}

export interface RequestHistoryTable {
  id: Generated<number>;
  request_id: number;
  state: RequestState;
  at: number;
  note: string | null;
}

export interface OperatorRequestsTable {
  id: Generated<number>;
  library_id: string | null;
  kind: OperatorRequestKind;
  state: OperatorRequestState;
  message: string;
  /** Why the catalog raised it (e.g. `duplicate-barcode`), so the same condition is raised once. */
  reason: string | null;
  barcode: string | null;
  medium_id: string | null;
  pool_id: string | null;
  drive_index: number | null;
  application: string | null;
  user_name: string | null;
  submitted_at: number;
  updated_at: number;
  resolved_by: string | null;
}

export interface AuditTable {
  id: Generated<number>;
  at: number;
  who_token: string | null;
  who_role: string | null;
  who_application: string | null;
  action: string;
  library_id: string | null;
  target: string | null;
  /** JSON object. */
  detail: string;
}

/** Names, descriptions and service state people set on objects (migration 0003). */
export interface ObjectSettingsTable {
  library_id: string;
  object_type: 'library' | 'drive' | 'medium';
  /** '' for the library, the drive index, or the medium id. */
  object_key: string;
  name: string | null;
  description: string | null;
  disabled: Flag;
  disabled_reason: string | null;
  updated_at: number;
  /** A drive's deferred-dismount delay (migration 0005); null: the manager's default. */
  defer_dismount_ms: number | null;
}

export interface CatalogDatabase {
  libraries: LibrariesTable;
  elements: ElementsTable;
  drives: DrivesTable;
  media: MediaTable;
  media_sides: MediaSidesTable;
  pools: PoolsTable;
  requests: RequestsTable;
  request_history: RequestHistoryTable;
  operator_requests: OperatorRequestsTable;
  audit: AuditTable;
  object_settings: ObjectSettingsTable;
}
