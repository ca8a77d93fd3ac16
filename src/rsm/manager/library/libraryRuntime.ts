// One library as a running manager holds it: the changer opened exclusively, the catalog lease,
// the scheduler that orders its work, and reconciliation — at start, after a unit attention that
// says element status changed (28h, 29h, magazine), after a door closes and after any failed
// robot command. A library that cannot be owned stays in the manager's list as not owned here.
import type { Changer } from '../../../driver/changer.ts';
import { isChangerError } from '../../../shared/changerError.ts';
import { slotCount } from '../../../driver/changerParameters.ts';
import { ElementType } from '../../../driver/elementType.ts';
import { AccessControl } from '../../../driver/requests.ts';
import { withoutSecret } from '../../../shared/secrets.ts';
import type { Lease, Library } from '../../catalog/index.ts';
import type { LibraryOwner } from '../../owner/index.ts';
import { isRsmError } from '../../rsmError.ts';
import type { Place } from '../../../shared/place.ts';
import { ChangerRobot, Scheduler } from '../../scheduler/index.ts';
import type { UnitAttention } from '../../../driver/unitAttention.ts';
import { CatalogHost } from './catalogHost.ts';
import type { ManagerContext } from '../context.ts';
import { CLEAN_NOW, CLEAN_PERIODIC, DriveDevices } from './driveDevices.ts';
import { driveMediaOf } from './driveMedia.ts';
import { placeByParameters } from '../../../driver/elementPlace.ts';
import { errorMessage } from '../errors.ts';
import { applyReconciliation, type ElementObservation, observeLibrary, type ReconcileOptions, type ReconcileOutcome } from '../inventory/index.ts';
import type { LibraryConfig } from '../options.ts';
import type { OwnedLibrary } from './ownedLibrary.ts';
import { ownLibrary } from './ownership.ts';

export interface RuntimeSettings {
  readonly leaseTtlMs: number;
  readonly leaseWaitMs: number;
  readonly pollIntervalMs: number;
  /** How long a reconciliation waits for a library that is booting or inventorying. */
  readonly readyWaitMs: number;
}

export interface RuntimeHooks {
  jobState(library: LibraryRuntime, id: number, state: 'waiting' | 'in-progress'): void;
  /** After every reconciliation (requests waiting on the library's contents may go on). */
  reconciled(library: LibraryRuntime, outcome: ReconcileOutcome): void;
  /** Media an eject through the door expects to leave. */
  expectedLeaving(library: LibraryRuntime): Promise<ReadonlySet<string>>;
  leaseLost(library: LibraryRuntime, reason: string): void;
  /** A drive reported that it needs cleaning. */
  driveAsksCleaning(library: LibraryRuntime, drive: number): void;
}

/** The expiry of the live lease a refusal names (ownershipErrors.refusal), or null. */
function refusedUntil(error: unknown): number | null {
  const expiresAt = isRsmError(error) ? error.detail.expiresAt : undefined;
  const at = typeof expiresAt === 'string' ? Date.parse(expiresAt) : Number.NaN;
  return Number.isFinite(at) ? at : null;
}

const READY_POLL_MS = 200;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;

export class LibraryRuntime implements OwnedLibrary {
  library: Library | undefined;
  changer: Changer | undefined;
  scheduler: Scheduler | undefined;
  /** The catalog side of robot work: exclusive jobs record their own moves through it too. */
  host: CatalogHost | undefined;
  /** Why the library is not owned here, when it is not. */
  unavailableReason: string | null = null;
  /** When the lease this manager was refused for runs out (epoch ms, the lease clock), if that was why. */
  leaseExpiresAt: number | null = null;
  /** The drives as devices of their own, those that were found by serial number. */
  drives: DriveDevices;
  /** Where applications reach each drive (by serial) when that is not where the manager reaches it. */
  readonly #applicationUrls = new Map<string, string>();
  #owner: LibraryOwner | undefined;
  #observing = false;
  #reconciling: Promise<ReconcileOutcome> | undefined;
  #reconcileQueued = false;
  #internalJobs = 0;
  #poll: NodeJS.Timeout | undefined;
  #retryMs = FIRST_RETRY_MS;
  #closed = false;

  private constructor(
    private readonly ctx: ManagerContext,
    readonly config: LibraryConfig,
    private readonly settings: RuntimeSettings,
    private readonly hooks: RuntimeHooks,
  ) {
    this.drives = DriveDevices.none(ctx.clock, ctx.logger);
  }

  get name(): string {
    return this.config.name;
  }

  get ownedHere(): boolean {
    return this.scheduler !== undefined && !this.#closed;
  }

  /** The live lease (for claiming requests), while this manager owns the library. */
  get lease(): Lease | undefined {
    return this.#owner?.state === 'owned' ? this.#owner.lease : undefined;
  }

  /** Open, own, register and reconcile the library; on failure it stays listed, not owned. */
  static async start(ctx: ManagerContext, config: LibraryConfig, settings: RuntimeSettings, hooks: RuntimeHooks): Promise<LibraryRuntime> {
    const runtime = new LibraryRuntime(ctx, config, settings, hooks);
    try {
      await runtime.#own();
    } catch (error) {
      runtime.unavailableReason = errorMessage(error);
      runtime.leaseExpiresAt = refusedUntil(error);
      // Another manager's live lease is a standby's normal state, not an error.
      if (runtime.leaseExpiresAt !== null) ctx.logger.info({ library: config.name, reason: runtime.unavailableReason }, 'library owned by another manager; standing by');
      else ctx.logger.error({ library: config.name, err: runtime.unavailableReason }, 'library not owned by this manager');
      await runtime.#release();
    }
    return runtime;
  }

  async #own(): Promise<void> {
    const { catalog } = this.ctx;
    const owned = await ownLibrary({
      catalog,
      name: this.config.name,
      deviceUrl: this.config.deviceUrl,
      ownerId: this.ctx.ownerId,
      ttlMs: this.settings.leaseTtlMs,
      waitMs: this.settings.leaseWaitMs,
      logger: this.ctx.logger,
      onAttention: (a) => this.#onAttention(a),
      ...(this.config.readOnlyMonitoring === undefined ? {} : { readOnlyMonitoring: this.config.readOnlyMonitoring }),
    });
    this.#owner = owned.owner;
    const changer = owned.owner.changer;
    this.changer = changer;
    owned.owner.onLost((loss) => this.hooks.leaseLost(this, loss.message));
    await catalog.libraries.setState(owned.library.id, 'online');
    this.library = await catalog.libraries.get(owned.library.id);
    const library = this.library;
    const fence = owned.owner.fenced ? 'fenced by a persistent reservation' : 'not fenced: the changer has no persistent reservations';
    this.ctx.bus.publish({ type: 'library', library: this.name, state: 'owned', detail: `fencing key ${owned.owner.lease.fencingKey}, ${fence}` });
    const observations = await this.#observe();
    await this.#recordDrives(observations);
    await this.#findDriveDevices(observations);
    await this.#applyObservations(observations, 'start', {});
    this.host = new CatalogHost(this.ctx, {
      id: library.id,
      name: this.name,
      cleanerSlot: library.cleanerSlot,
      placeName: (place) => this.placeName(place),
      reconcileAfterFailure: (error, _from, to) => this.#afterFailedMove(error, to),
      jobState: (id, state) => this.hooks.jobState(this, id, state),
    });
    this.scheduler = new Scheduler({
      robot: this.#robot(changer),
      host: this.host,
      clock: this.ctx.clock,
      driveCount: changer.cachedParameters.numberDataTransferElements,
    });
    this.ctx.bus.publish({ type: 'library', library: this.name, state: 'online', detail: null });
    this.#schedulePoll();
  }

  #robot(changer: Changer): ChangerRobot {
    // The manager is the host of the drives it found as devices of their own (the same for a
    // virtual library as for a real one): it unloads a drive (LOAD UNLOAD) before the robot pulls
    // from it — where the library requires it (CHANGER_PREDISMOUNT_EJECT_REQUIRED) and where it
    // does not: a library left to unload the drive itself does so inside the MOVE MEDIUM, holding
    // its robot for the whole unload (30 s on an enterprise library) instead of a few seconds of
    // move. A mount is done when the drive is ready (TEST UNIT READY), not when the cartridge is in
    // it — a library that frees its robot at insertion leaves the drive threading the tape. A drive
    // without a device of its own is left to the library and to whoever hosts it.
    const drives = this.drives;
    const settleDrive = async (drive: number): Promise<void> => {
      if (drives.has(drive)) await drives.settle(drive);
    };
    const unloadDrive = async (drive: number): Promise<void> => {
      if (drives.has(drive)) await drives.unload(drive);
    };
    const reachable = drives.drives.length > 0;
    return new ChangerRobot(changer, {
      ...(reachable ? { settleDrive } : {}),
      ...(reachable ? { unloadDrive } : {}),
    });
  }

  /** Pair drive elements with drive devices by serial number, and keep each device's URL in the catalog. */
  async #findDriveDevices(observations: readonly ElementObservation[]): Promise<void> {
    const library = this.library as Library;
    const serials = observations.filter((o) => o.place.type === 'drive').map((o) => ({ index: o.place.index, serialNumber: o.driveIdentity?.serialNumber }));
    const clock = this.config.clock ?? this.ctx.clock;
    await this.drives.close();
    this.drives = await DriveDevices.discover(this.config.deviceUrl, serials, clock, this.ctx.logger);
    // Drive URLs inherit the changer URL's credentials: the catalog keeps them without the secret.
    for (const { index, serialNumber } of serials) {
      const url = (serialNumber === undefined ? undefined : this.#applicationUrls.get(serialNumber)) ?? this.drives.urlOf(index);
      await this.ctx.catalog.drives.update(library.id, index, { devicePath: url === undefined ? null : withoutSecret(url) });
    }
  }

  /**
   * Drives that this process serves to applications (the embedded library's drive LUNs over
   * iSCSI), by serial number: the catalog names that URL as the drive's device from now on, since
   * the manager's own in-process path means nothing to a backup host. Drives not named keep theirs.
   */
  async publishDriveUrls(urls: ReadonlyMap<string, string>): Promise<void> {
    for (const [serial, url] of urls) this.#applicationUrls.set(serial, withoutSecret(url));
    const library = this.library;
    if (library === undefined) return;
    for (const drive of await this.ctx.catalog.drives.list(library.id)) {
      const url = drive.serialNumber === null ? undefined : this.#applicationUrls.get(drive.serialNumber);
      if (url !== undefined) await this.ctx.catalog.drives.update(library.id, drive.index, { devicePath: url });
    }
  }

  /** A drive that raises TapeAlert "clean now" or "clean periodic" gets a cleaning queued. */
  async #hearDrives(): Promise<void> {
    for (const drive of this.drives.drives) {
      if (this.#closed) return;
      const flags = await this.drives.tapeAlerts(drive).catch(() => [] as number[]);
      if (flags.includes(CLEAN_NOW) || flags.includes(CLEAN_PERIODIC)) this.hooks.driveAsksCleaning(this, drive);
    }
  }

  /** Drive serial numbers and the media types each handles, from the drives' own identification. */
  async #recordDrives(observations: readonly ElementObservation[]): Promise<void> {
    const library = this.library as Library;
    const types = new Set<string>();
    for (const o of observations) {
      if (o.place.type !== 'drive') continue;
      const media = driveMediaOf(o.driveIdentity);
      const serial = o.driveIdentity?.serialNumber;
      await this.ctx.catalog.drives.update(library.id, o.place.index, {
        ...(serial !== undefined && serial !== '' ? { serialNumber: serial } : {}),
        ...(media !== undefined ? { mediaTypesRead: media.read, mediaTypesWritten: media.written } : {}),
      });
      for (const t of media?.read ?? []) types.add(t);
    }
    for (const mediaType of types) await this.ctx.catalog.pools.ensureSystemPools(mediaType);
  }

  /** READ ELEMENT STATUS with volume tags, waiting out a library that is booting or inventorying. */
  async #observe(): Promise<ElementObservation[]> {
    const changer = this.changer as Changer;
    const deadline = Date.now() + this.settings.readyWaitMs;
    for (;;) {
      this.#observing = true;
      try {
        return await observeLibrary(changer);
      } catch (error) {
        const notReady = isChangerError(error, 'DEVICE_NOT_READY') || isChangerError(error, 'MEDIA_CHANGED');
        if (!notReady || Date.now() >= deadline) throw error;
      } finally {
        this.#observing = false;
      }
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
  }

  async #applyObservations(observations: readonly ElementObservation[], trigger: string, options: ReconcileOptions): Promise<ReconcileOutcome> {
    const library = this.library as Library;
    const expectedLeaving = options.expectedLeaving ?? (await this.hooks.expectedLeaving(this));
    const outcome = await this.ctx.catalog.transaction((tx) => applyReconciliation(tx, library, observations, { ...options, expectedLeaving, resolvedBy: this.ctx.ownerId }));
    for (const event of outcome.events) this.ctx.bus.publish(event);
    const p = outcome.plan;
    const summary = `${trigger}: ${p.moves.length} moved, ${outcome.added.length} new, ${p.departures.length} gone, ${outcome.raised.length} operator requests`;
    this.ctx.bus.publish({ type: 'library', library: this.name, state: 'reconciled', detail: summary });
    if (p.moves.length + outcome.added.length + p.departures.length > 0) this.ctx.logger.info({ library: this.name }, `reconciled after ${summary}`);
    this.hooks.reconciled(this, outcome);
    return outcome;
  }

  /**
   * Read the library and correct the catalog now. Callers must keep the robot still meanwhile:
   * run it inside an exclusive scheduler job, a failed-move callback, or before the scheduler runs.
   */
  reconcile(trigger: string, options: ReconcileOptions = {}): Promise<ReconcileOutcome> {
    const run = async (): Promise<ReconcileOutcome> => {
      const observations = await this.#observe();
      return this.#applyObservations(observations, trigger, options);
    };
    // One at a time: a second caller waits for the first, then reads again (the library may have changed since).
    const previous = this.#reconciling ?? Promise.resolve();
    const next = previous.then(run, run);
    this.#reconciling = next;
    void next.finally(() => {
      if (this.#reconciling === next) this.#reconciling = undefined;
    }).catch(() => undefined);
    return next;
  }

  async #afterFailedMove(error: unknown, to: Place): Promise<void> {
    if (isChangerError(error, 'DEVICE_REQUIRES_CLEANING') && to.type === 'drive') this.hooks.driveAsksCleaning(this, to.index);
    await this.#reconcileQuietly(`failed move: ${errorMessage(error)}`);
  }

  async #reconcileQuietly(trigger: string): Promise<void> {
    try {
      await this.reconcile(trigger);
      this.#retryMs = FIRST_RETRY_MS;
    } catch (error) {
      if (this.#closed) return;
      this.ctx.logger.error({ library: this.name, err: errorMessage(error), retryInMs: this.#retryMs }, 'reconciliation failed; will retry');
      // Back off: a library that cannot be read now (not ready, jammed) must not be hammered.
      const retry = setTimeout(() => this.requestReconcile(`retry after: ${trigger}`), this.#retryMs);
      retry.unref();
      this.#retryMs = Math.min(MAX_RETRY_MS, this.#retryMs * 2);
    }
  }

  /** Reconcile as soon as the robot is free: an exclusive job ahead of ordinary work. */
  requestReconcile(trigger: string): void {
    const scheduler = this.scheduler;
    if (scheduler === undefined || this.#closed || this.#reconcileQueued) return;
    this.#reconcileQueued = true;
    this.#internalJobs += 1;
    // Internal jobs carry negative ids: catalog request ids are positive, so they never collide.
    const id = -this.#internalJobs;
    const now = this.ctx.clock.now();
    void scheduler
      .submit({
        id,
        kind: 'exclusive',
        priority: 15,
        submittedAt: now,
        deadlineAt: null,
        run: async () => {
          this.#reconcileQueued = false;
          await this.#reconcileQuietly(trigger);
        },
      })
      .catch(() => undefined)
      .finally(() => {
        this.#reconcileQueued = false;
      });
  }

  /** Changer.open reports only the attentions after which element status may have changed. */
  #onAttention(attention: UnitAttention): void {
    // One met by our own READ ELEMENT STATUS is covered by that very read: no second reconcile.
    if (this.#observing) return;
    const what = `unit attention ${attention.asc.toString(16).padStart(2, '0')}/${attention.ascq.toString(16).padStart(2, '0')}`;
    this.ctx.logger.info({ library: this.name }, `${what}: element status may have changed`);
    this.requestReconcile(what);
  }

  /** Ask an idle library TEST UNIT READY now and then, so its unit attentions are heard. */
  #schedulePoll(): void {
    if (this.settings.pollIntervalMs <= 0 || this.#closed) return;
    this.#poll = setTimeout(() => void this.#pollOnce(), this.settings.pollIntervalMs);
    this.#poll.unref();
  }

  async #pollOnce(): Promise<void> {
    const changer = this.changer;
    if (changer === undefined || this.#closed) return;
    try {
      if ((this.scheduler?.pending().length ?? 0) === 0 && this.#reconciling === undefined) await changer.getStatus();
    } catch {
      // Not ready (booting, inventory) or busy: the next poll or command will tell.
    }
    await this.#hearDrives();
    this.#schedulePoll();
  }

  /** Another manager took the library: stop using it at once. */
  async lose(reason: string): Promise<void> {
    this.unavailableReason = reason;
    this.ctx.bus.publish({ type: 'library', library: this.name, state: 'released', detail: reason });
    await this.#release(false);
  }

  async close(): Promise<void> {
    await this.#release(true);
  }

  async #release(releaseLease = true): Promise<void> {
    this.#closed = true;
    if (this.#poll !== undefined) clearTimeout(this.#poll);
    const scheduler = this.scheduler;
    this.scheduler = undefined;
    await scheduler?.close().catch(() => undefined);
    if (this.library !== undefined && this.#owner !== undefined && releaseLease) {
      await this.ctx.catalog.libraries.setState(this.library.id, 'offline').catch(() => undefined);
      this.ctx.bus.publish({ type: 'library', library: this.name, state: 'released', detail: null });
    }
    await this.drives.close();
    // The owner unfences, closes the changer and releases the lease (after a loss it only waits for the close).
    await this.#owner?.release();
  }

  /** Open the mailslot to the operator where the library lets a host do it; others open it at the panel. */
  async openMailslot(): Promise<void> {
    await this.changer?.setAccess({ type: ElementType.IEPort, index: 0 }, AccessControl.ExtendIEPort).catch(() => undefined);
  }

  /** A place as people name it (`slot:10`, the display number), for notes, events and messages. */
  placeName(place: Place): string {
    return placeByParameters(place, this.changer?.cachedParameters);
  }

  /** Every place in the library, for validation of raw moves. */
  hasPlace(place: Place): boolean {
    const p = this.changer?.cachedParameters;
    if (p === undefined) return false;
    const count = { slot: slotCount(p), drive: p.numberDataTransferElements, ieport: p.numberIEElements, transport: p.numberTransportElements }[place.type];
    return Number.isInteger(place.index) && place.index >= 0 && place.index < count;
  }
}
