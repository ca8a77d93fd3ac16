// How a manager is started: which catalog, which libraries, who it is, and the few knobs tests
// and operators turn. Defaults suit the embedded library under `npm start`.
import type { Clock } from '../../shared/clock.ts';

export interface ManagerLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface LibraryConfig {
  /** Unique per catalog: what operators, the API and `rsm://host/<library>` call it. */
  readonly name: string;
  /** `virtual:<dir>?profile=…`, `iscsi://…`, `sg:/dev/sgN`. */
  readonly deviceUrl: string;
  /**
   * Read-only monitoring: while this manager owns the library, may other initiators read its
   * element status (READ ELEMENT STATUS, REQUEST VOLUME ELEMENT ADDRESS, mode pages)? Default
   * true: a Write Exclusive reservation. False: Exclusive Access, which refuses those too. Either
   * way no other initiator can move, inventory, tag, lock or open anything (docs/api.md).
   */
  readonly readOnlyMonitoring?: boolean;
  /**
   * The time the library's drives keep: how long the manager waits on them (polling TEST UNIT
   * READY while a tape threads). Default: the manager's clock. A virtual library running faster
   * than real time, or on virtual time, is given its own (its composition root knows it).
   */
  readonly clock?: Clock;
}

export interface ManagerOptions {
  /** A SQLite file path, `sqlite:<path>`, or `postgres://…`. */
  readonly catalogUrl: string;
  readonly libraries: readonly LibraryConfig[];
  /** This manager's name in leases, request claims and the audit log; default `rsm@<host> (pid <pid>)`. */
  readonly ownerId?: string;
  /** Time for scheduling: request timeouts, aging, event stamps. Default: the wall clock. */
  readonly clock?: Clock;
  readonly logger?: ManagerLogger;
  /** Catalog lease life; renewed every third of it. Default 30 s. */
  readonly leaseTtlMs?: number;
  /** How long start() waits for a lease someone else holds (a crashed predecessor's) to run out. Default 0. */
  readonly leaseWaitMs?: number;
  /**
   * A library not owned here (another manager's live lease, a lost lease, a device down) is tried
   * again this often, and taken over when its lease has expired: a second manager on the same
   * catalog is a standby. Default: the lease life; 0: never retry.
   */
  readonly standbyRetryMs?: number;
  /**
   * How often an idle library is asked TEST UNIT READY, so unit attentions (door closed, mailslot
   * used, power cycled) are heard and reconciled without waiting for the next request. Real
   * milliseconds; 0 turns polling off. Default 2000.
   */
  readonly pollIntervalMs?: number;
  /**
   * Deferred dismount (NTMS dwDeferDismountDelay): a dismounted medium stays in its drive this many
   * real milliseconds in case it is mounted again (then at once, without the robot); the drive is
   * `dismountable` meanwhile. Default 0: dismounts take the medium out at once.
   */
  readonly deferDismountMs?: number;
}

export const DEFAULT_LEASE_TTL_MS = 30_000;
export const DEFAULT_POLL_INTERVAL_MS = 2_000;

export const SILENT_LOGGER: ManagerLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
