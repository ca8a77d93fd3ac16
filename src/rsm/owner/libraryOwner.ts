import { Changer } from '../../driver/changer.ts';
import { isChangerError } from '../../shared/changerError.ts';
import { formatReservationKey, type ReservationType } from '../../driver/persistentReservation.ts';
import { isCatalogError } from '../catalog/catalogError.ts';
import type { Lease } from '../catalog/leases.ts';
import type { CatalogScope } from '../catalog/scope.ts';
import { RsmError } from '../rsmError.ts';
import { fenceDevice, ownerReservationType, unfenceDevice, type DeviceFence } from './deviceFence.ts';
import { guardChanger } from './guardedChanger.ts';
import { WALL_CLOCK, type OwnerClock } from './ownerClock.ts';
import { acquisitionError, refusal } from './ownershipErrors.ts';
import { holderIsGone } from './predecessor.ts';
import { reservationKeyFor } from './reservationKey.ts';

/**
 * One manager's ownership of one library (DESIGN §6, issue 6 item 2): the lease row in the
 * catalog says who owns it, the class driver's exclusive open keeps other programs on this host
 * off the changer, and a SCSI persistent reservation keyed by the lease's fencing key makes the
 * changer itself refuse any manager that lost the lease. The lease is renewed every third of its
 * time-to-live; the moment it is lost (taken over, expired, or the changer reports a conflict)
 * no further command reaches the changer, listeners hear why, and the changer is closed once the
 * commands already in flight have ended.
 */

export interface OwnerLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface LibraryOwnerOptions {
  readonly catalog: CatalogScope;
  readonly libraryId: string;
  /** The changer's device URL (virtual:…, iscsi://…, sg:…). */
  readonly deviceUrl: string;
  /** Who owns it: managerOwnerId() gives "rsm@host (pid N)", which refusals quote. */
  readonly ownerId: string;
  /** Lease time-to-live; another manager takes over this long after the last renewal. */
  readonly ttlMs: number;
  /**
   * How long to keep asking while another manager's lease is live (a restarted manager waiting
   * for its previous process's lease to run out). Default 0: refuse at once.
   */
  readonly waitMs?: number;
  /** Default a third of ttlMs: two renewals may fail before the lease runs out. */
  readonly renewEveryMs?: number;
  readonly clock?: OwnerClock;
  /** How to open the changer exclusively; default Changer.open(url, { owner: ownerId }). */
  readonly openChanger?: (deviceUrl: string, ownerId: string) => Promise<Changer>;
  /** A pino logger fits. */
  readonly log?: OwnerLog;
  /**
   * Read-only monitoring: may other initiators read element status while this manager owns the
   * library? Default true (Write Exclusive); false holds Exclusive Access (deviceFence.ts).
   */
  readonly readOnlyMonitoring?: boolean;
}

export type OwnershipLossReason =
  /** A renewal found the lease taken over or gone. */
  | 'lease-lost'
  /** The lease ran out before a renewal succeeded (catalog unreachable, process paused). */
  | 'lease-expired'
  /** The changer refused a command with RESERVATION CONFLICT: another manager preempted us. */
  | 'reservation-conflict';

export interface OwnershipLoss {
  readonly reason: OwnershipLossReason;
  readonly message: string;
  readonly cause?: unknown;
}

export type OwnerState = 'owned' | 'lost' | 'released';

const SILENT: OwnerLog = { info: () => undefined, warn: () => undefined };

function checkOptions(o: LibraryOwnerOptions): number {
  if (o.waitMs !== undefined && !(o.waitMs >= 0)) throw new RsmError('INVALID_PARAMETER', `waiting ${o.waitMs} ms for a lease is not a duration`);
  if (!Number.isInteger(o.ttlMs) || o.ttlMs <= 0) throw new RsmError('INVALID_PARAMETER', `lease time-to-live ${o.ttlMs} ms is not a positive whole number of milliseconds`);
  const every = o.renewEveryMs ?? Math.max(1, Math.floor(o.ttlMs / 3));
  if (!Number.isFinite(every) || every <= 0 || every >= o.ttlMs) {
    throw new RsmError('INVALID_PARAMETER', `renewing every ${every} ms cannot keep a ${o.ttlMs} ms lease alive: renew more often than the time-to-live`);
  }
  return every;
}

export class LibraryOwner {
  readonly libraryId: string;
  readonly deviceUrl: string;
  readonly ownerId: string;
  readonly ttlMs: number;
  /** The changer, usable only while this manager owns the library (LIBRARY_UNAVAILABLE after). */
  readonly changer: Changer;
  /** What the device side of ownership achieved: the key and the keys preempted, or why none. */
  readonly fence: DeviceFence;

  #state: OwnerState = 'owned';
  #lease: Lease;
  /** Local time until which the lease surely holds: request start of the last renewal + ttl. */
  #deadline: number;
  #loss: OwnershipLoss | undefined;
  readonly #listeners = new Set<(loss: OwnershipLoss) => void>();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #stopRenewing = new AbortController();
  readonly #renewing: Promise<void>;
  #closing: Promise<void> | undefined;
  #releasing: Promise<void> | undefined;

  private constructor(
    private readonly options: LibraryOwnerOptions,
    private readonly clock: OwnerClock,
    private readonly log: OwnerLog,
    private readonly device: Changer,
    lease: Lease,
    deadline: number,
    fence: DeviceFence,
    renewEveryMs: number,
  ) {
    this.libraryId = options.libraryId;
    this.deviceUrl = options.deviceUrl;
    this.ownerId = options.ownerId;
    this.ttlMs = options.ttlMs;
    this.fence = fence;
    this.#lease = lease;
    this.#deadline = deadline;
    this.changer = guardChanger(device, { admit: () => this.admit(), follow: (call) => this.follow(call) });
    this.#renewing = this.renewEvery(renewEveryMs);
  }

  /**
   * Take the library: its lease (LIBRARY_UNAVAILABLE naming the owner while another manager's
   * lease is live), then the changer (exclusively), then the device reservation, preempting the
   * previous owner's key. Anything failing on the way gives back what was taken.
   */
  static async acquire(options: LibraryOwnerOptions): Promise<LibraryOwner> {
    const renewEveryMs = checkOptions(options);
    const clock = options.clock ?? WALL_CLOCK;
    const log = options.log ?? SILENT;
    let lease: Lease | undefined;
    let changer: Changer | undefined;
    try {
      const taken = await takeLease(options, clock, log);
      lease = taken.lease;
      changer = await (options.openChanger ?? openExclusively)(options.deviceUrl, options.ownerId);
      const fence = await fenceOrCleanUp(changer, reservationKeyFor(lease.fencingKey, options.ownerId), ownerReservationType(options.readOnlyMonitoring ?? true));
      const owner = new LibraryOwner(options, clock, log, changer, lease, taken.askedAt + options.ttlMs, fence, renewEveryMs);
      owner.logAcquired();
      return owner;
    } catch (e) {
      // Whatever was taken goes back, or every later attempt would run into this process's own hold.
      await changer?.close().catch(() => undefined);
      if (lease !== undefined) await options.catalog.releaseLease(lease).catch(() => false);
      throw acquisitionError(e, options.libraryId, options.deviceUrl);
    }
  }

  get state(): OwnerState {
    return this.#state;
  }

  /** The lease as of the last renewal. */
  get lease(): Lease {
    return this.#lease;
  }

  /** Whether the changer itself refuses other managers (false: it has no persistent reservations). */
  get fenced(): boolean {
    return this.fence.fenced;
  }

  /** Why ownership was lost, once it was. */
  get loss(): OwnershipLoss | undefined {
    return this.#loss;
  }

  /** Called once when ownership is lost (at once if it already was). Returns an unsubscribe. */
  onLost(listener: (loss: OwnershipLoss) => void): () => void {
    if (this.#loss !== undefined) {
      const loss = this.#loss;
      queueMicrotask(() => listener(loss));
      return () => undefined;
    }
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Give the library up cleanly: no new commands, wait for those in flight, release the device
   * reservation and unregister, close the changer, release the lease. After a loss it only waits
   * for the changer to close. Failures on the way are logged, never thrown: a lease left behind
   * simply expires.
   */
  release(): Promise<void> {
    this.#releasing ??= this.#state === 'lost' ? this.closed() : this.giveUp();
    this.#state = 'released';
    return this.#releasing;
  }

  private async giveUp(): Promise<void> {
    this.#stopRenewing.abort();
    await this.#renewing;
    await Promise.allSettled([...this.#inFlight]);
    if (this.fence.fenced) {
      await unfenceDevice(this.device, this.fence.key, this.fence.type).catch((e: unknown) => this.log.warn({ libraryId: this.libraryId, err: e }, 'could not release the persistent reservation; the next owner will preempt it'));
    }
    await this.device.close().catch((e: unknown) => this.log.warn({ libraryId: this.libraryId, err: e }, 'closing the changer failed'));
    const released = await this.options.catalog.releaseLease(this.#lease).catch((e: unknown) => {
      this.log.warn({ libraryId: this.libraryId, err: e }, 'could not release the lease; it will expire');
      return false;
    });
    this.log.info({ libraryId: this.libraryId, ownerId: this.ownerId, fencingKey: this.#lease.fencingKey, released }, 'library released');
  }

  private closed(): Promise<void> {
    return this.#closing ?? Promise.resolve();
  }

  // --- the guard every changer call passes --------------------------------------------------

  private admit(): void {
    if (this.#state === 'owned' && this.clock.now() >= this.#deadline) this.lose(this.expired());
    if (this.#state === 'owned') return;
    const why = this.#loss?.message ?? 'it released the library';
    throw new RsmError('LIBRARY_UNAVAILABLE', `this manager no longer owns library ${this.libraryId}: ${why}`, {
      ...(this.#loss?.cause === undefined ? {} : { cause: this.#loss.cause }),
      detail: { libraryId: this.libraryId, reason: this.#loss?.reason ?? 'released' },
    });
  }

  private async follow<T>(call: Promise<T>): Promise<T> {
    this.#inFlight.add(call);
    try {
      return await call;
    } catch (e) {
      if (isChangerError(e, 'RESERVATION_CONFLICT')) {
        this.lose({ reason: 'reservation-conflict', message: `the changer refused a command with RESERVATION CONFLICT: another manager has taken library ${this.libraryId} over`, cause: e });
      }
      throw e;
    } finally {
      this.#inFlight.delete(call);
    }
  }

  // --- renewal and loss ----------------------------------------------------------------------

  private async renewEvery(intervalMs: number): Promise<void> {
    const signal = this.#stopRenewing.signal;
    while (this.#state === 'owned') {
      try {
        await this.clock.sleep(intervalMs, signal);
      } catch {
        return; // stopped
      }
      if (signal.aborted || this.#state !== 'owned') return;
      if (this.clock.now() >= this.#deadline) {
        this.lose(this.expired());
        return;
      }
      await this.renewOnce();
    }
  }

  private async renewOnce(): Promise<void> {
    const started = this.clock.now();
    try {
      const renewed = await this.options.catalog.renewLease(this.#lease, this.ttlMs);
      if (this.#state !== 'owned') return;
      this.#lease = renewed;
      this.#deadline = started + this.ttlMs;
    } catch (e) {
      if (isCatalogError(e, 'LEASE_LOST') || isCatalogError(e, 'NOT_FOUND')) {
        this.lose({ reason: 'lease-lost', message: e.message, cause: e });
        return;
      }
      // The catalog may be back before the lease runs out; the deadline decides when it is too late.
      this.log.warn({ libraryId: this.libraryId, err: e }, 'lease renewal failed; trying again');
    }
  }

  private expired(): OwnershipLoss {
    return {
      reason: 'lease-expired',
      message: `lease ${this.#lease.fencingKey} of library ${this.libraryId} ran out at ${new Date(this.#deadline).toISOString()} before it could be renewed; another manager may own it now`,
    };
  }

  private lose(loss: OwnershipLoss): void {
    if (this.#state !== 'owned') return;
    this.#state = 'lost';
    this.#loss = loss;
    this.#stopRenewing.abort();
    this.log.warn({ libraryId: this.libraryId, ownerId: this.ownerId, fencingKey: this.#lease.fencingKey, reason: loss.reason }, `lost library ${this.libraryId}: ${loss.message}`);
    for (const listener of this.#listeners) {
      try {
        listener(loss);
      } catch (e) {
        this.log.warn({ libraryId: this.libraryId, err: e }, 'an ownership-loss listener failed');
      }
    }
    this.#listeners.clear();
    this.#closing = this.closeAfterInFlight();
  }

  /** Commands already sent cannot be recalled: let them end (the changer answers them) first. */
  private async closeAfterInFlight(): Promise<void> {
    await Promise.allSettled([...this.#inFlight]);
    await this.device.close().catch((e: unknown) => this.log.warn({ libraryId: this.libraryId, err: e }, 'closing the changer failed'));
  }

  private logAcquired(): void {
    const fields = { libraryId: this.libraryId, ownerId: this.ownerId, fencingKey: this.#lease.fencingKey, fenced: this.fence.fenced };
    if (this.fence.fenced) {
      this.log.info({ ...fields, reservationKey: formatReservationKey(this.fence.key), preempted: this.fence.preempted.map(formatReservationKey) }, `library ${this.libraryId} owned`);
    } else {
      this.log.warn({ ...fields, why: this.fence.reason }, `library ${this.libraryId} owned without device fencing: the changer has no persistent reservations, so only the lease keeps a stale manager off it`);
    }
  }
}

/** Poll at most this often while waiting for a lease to expire. */
const WAIT_POLL_MS = 250;

/**
 * The lease, and when (before) it was asked for: the owner's own bound on when it expires. A live
 * lease of a process on this host that no longer exists (a crash, then an immediate restart) is
 * taken over at once; any other live lease is waited for until `waitMs`, then refused.
 */
async function takeLease(o: LibraryOwnerOptions, clock: OwnerClock, log: OwnerLog): Promise<{ lease: Lease; askedAt: number }> {
  const giveUpAt = clock.now() + (o.waitMs ?? 0);
  for (;;) {
    const askedAt = clock.now();
    let attempt = await o.catalog.acquireLease(o.libraryId, o.ownerId, o.ttlMs);
    if (!attempt.acquired && holderIsGone(attempt.ownerId)) {
      const gone = attempt;
      attempt = await o.catalog.takeOverLease(o.libraryId, o.ownerId, o.ttlMs, gone);
      if (attempt.acquired) {
        log.info({ libraryId: o.libraryId, previousOwner: gone.ownerId, previousFencingKey: gone.fencingKey }, `took library ${o.libraryId} over from ${gone.ownerId}, which no longer runs on this host`);
      }
    }
    if (attempt.acquired) return { lease: attempt.lease, askedAt };
    const left = giveUpAt - clock.now();
    if (left <= 0) throw await refusal(o.catalog, o.libraryId, attempt);
    await clock.sleep(Math.min(left, WAIT_POLL_MS));
  }
}

async function openExclusively(deviceUrl: string, ownerId: string): Promise<Changer> {
  await import('../../driver/smc/connect.ts'); // installs the device-URL resolver
  return Changer.open(deviceUrl, { owner: ownerId });
}

/** Fence the device; if that fails after our key was registered, unregister it again. */
async function fenceOrCleanUp(changer: Changer, key: bigint, type: ReservationType): Promise<DeviceFence> {
  try {
    return await fenceDevice(changer, key, type);
  } catch (e) {
    await changer.persistentReserveOut({ action: 'register', key, newKey: 0n }).catch(() => undefined);
    throw e;
  }
}
