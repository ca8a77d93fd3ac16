// The Removable Storage Manager: the only client of every changer it owns. It opens the catalog,
// owns and reconciles each library, and serves StorageService: requests are checked, written to
// the catalog with an audit entry, handed to the library's scheduler and followed to a final
// state; operator requests call a person when one is needed; every change is an event.
import { setTimeout as sleep } from 'node:timers/promises';
import { RealClock, type Clock } from '../../shared/clock.ts';
import { asOneOperation, Catalog, FINISHED_REQUEST_STATES, OPERATOR_REQUEST_KINDS, type Library, type NewRequest, type OperatorRequest, type OperatorRequestKind, type Pool, type PoolPolicy } from '../catalog/index.ts';
import type { ManagerEvent } from '../events.ts';
import { managerOwnerId } from '../owner/index.ts';
import { RsmError } from '../rsmError.ts';
import type {
  Caller, CleanOrder, DismountOrder, EjectOrder, InjectOrder, InventoryOrder, LibraryDetail, LibrarySummary, MediaQuery, MediumView,
  MountOrder, MoveOrder, NewPool, OperatorRequestQuery, RequestQuery, RequestView, StorageService,
} from '../service.ts';
import {
  auditRequest, AUTOMATIC_CLEAN_PRIORITY, closeMailslotFor, DeferredDismounts, Dispatcher, recoverRequests, resumeAfterReconcile,
} from './dispatch/index.ts';
import type { ManagerContext } from './context.ts';
import { errorMessage, invalid, notFound, toRsmError } from './errors.ts';
import { EventBus } from './eventBus.ts';
import { LibraryRuntime, pickerClearances, type RuntimeHooks, type RuntimeSettings } from './library/index.ts';
import {
  baseFields, checkBarcodeAccess, checkDismountAccess, checkDriveIndex, checkMountAccess, checkPoolName, checkPosition,
  cleanRequest, dismountRequest, ejectRequest, injectRequest, inventoryRequest, linkedRequestId, mountRequest, moveRequest,
  OperatorDesk, purgeRequests, reorderRequest, requestEnded, requestQueue, RequestTracker,
} from './requests/index.ts';
import { DEFAULT_LEASE_TTL_MS, DEFAULT_POLL_INTERVAL_MS, SILENT_LOGGER, type LibraryConfig, type ManagerOptions } from './options.ts';
import type { MailslotClosing } from '../service.ts';
import {
  createPool, describeObject, drivesOf, libraryDetail, librarySummary, MediaLifecycle, mediaSearch, mediumView, KeptMediumViews,
  moveToPool, objectState, refuseDisabledForMount, refuseIfLibraryDisabled, requestView, setObjectEnabled, withdrawDisabledDrives,
} from './media/index.ts';
import type { AllocateOrder, MediumAllocation, SideOrder, SwapOrder } from '../mediaContract.ts';
import type { ObjectInformation, ObjectRef, ObjectState, PurgeResult, QueuePosition, QueuedRequest, SlotAuditOrder } from '../operationsContract.ts';

/** Past the holder's lease by this much, so the catalog surely finds it expired. */
const STANDBY_MARGIN_MS = 50;

/** How long a standby waits before it asks again: the retry period, or until just after the lease it was refused for runs out. */
function standbyWait(retryMs: number, leaseExpiresAt: number | null): number {
  if (leaseExpiresAt === null) return retryMs;
  return Math.max(STANDBY_MARGIN_MS, Math.min(retryMs, leaseExpiresAt - Date.now() + STANDBY_MARGIN_MS));
}

function sleepUnref(ms: number, signal: AbortSignal): Promise<void> {
  return sleep(ms, undefined, { ref: false, signal });
}

/** Who the manager is when it acts on its own (automatic cleaning, clearing a drive). */
export const MANAGER_CALLER: Caller = { application: 'rsm', role: 'manager' };

const UNFINISHED = ['queued', 'waiting', 'in-progress'] as const;

function who(caller: Caller): string {
  return caller.token ?? caller.application ?? caller.role ?? 'anonymous';
}

async function refusing<T>(work: () => Promise<T>): Promise<T> {
  try {
    // Each call of the service is one operation: its statements go before those of calls begun later (oldestFirstPool.ts).
    return await asOneOperation(work);
  } catch (error) {
    throw toRsmError(error);
  }
}

export class Manager implements StorageService {
  readonly #ctx: ManagerContext;
  readonly #runtimes = new Map<string, LibraryRuntime>();
  readonly #tracker: RequestTracker;
  readonly #desk: OperatorDesk;
  readonly #dispatcher: Dispatcher;
  /** Library names by catalog id, for events and views (libraries of other managers included). */
  readonly #names = new Map<string, string>();
  /** Media listings' views, the same objects while their media are unchanged (views.ts). */
  readonly #listedViews = new KeptMediumViews();
  #closing = false;
  #settings: RuntimeSettings = { leaseTtlMs: DEFAULT_LEASE_TTL_MS, leaseWaitMs: 0, pollIntervalMs: DEFAULT_POLL_INTERVAL_MS, readyWaitMs: 600_000 };
  #standbyRetryMs = DEFAULT_LEASE_TTL_MS;
  readonly #stopStandby = new AbortController();
  readonly #standbys = new Set<Promise<void>>();
  readonly #adoptionListeners = new Set<(library: string) => void>();
  /** The cleaning a drive asked for, per library and drive, while it is being decided. */
  readonly #cleaningAsks = new Map<string, Promise<RequestView | null>>();
  readonly #deferred: DeferredDismounts;
  readonly #lifecycle: MediaLifecycle;

  private constructor(ctx: ManagerContext) {
    this.#ctx = ctx;
    this.#tracker = new RequestTracker(ctx, (id) => this.#names.get(id) ?? id);
    this.#desk = new OperatorDesk(ctx, (id) => (id === null ? null : (this.#names.get(id) ?? id)));
    this.#deferred = new DeferredDismounts(ctx, this.#tracker, async (library, drive, wait) => {
      const dismount = await this.dismount({ library, drive }, MANAGER_CALLER);
      if (wait) await this.waitForRequest(dismount.id, 600_000);
    });
    this.#lifecycle = new MediaLifecycle({ ctx, desk: this.#desk, library: (name) => this.#catalogLibrary(name), libraryName: (id) => this.#names.get(id) ?? id });
    this.#dispatcher = new Dispatcher(ctx, this.#tracker, this.#desk, {
      dismountForManager: async (runtime, drive) => {
        await this.dismount({ library: runtime.name, drive, priority: AUTOMATIC_CLEAN_PRIORITY }, MANAGER_CALLER).catch((error: unknown) => {
          ctx.logger.warn({ library: runtime.name, drive, err: errorMessage(error) }, 'could not queue the dismount of an abandoned mount');
        });
      },
    });
  }

  /**
   * Open the catalog, then own, register and reconcile every configured library, then resume the
   * requests a previous process left unfinished. A library that cannot be owned (held by another
   * manager, unreachable) is listed as not owned here; start() still succeeds.
   */
  static async start(options: ManagerOptions): Promise<Manager> {
    const clock: Clock = options.clock ?? new RealClock();
    const logger = options.logger ?? SILENT_LOGGER;
    const catalog = await Catalog.open(options.catalogUrl);
    const ownerId = options.ownerId ?? managerOwnerId();
    const bus = new EventBus(clock, (error) => logger.warn({ err: errorMessage(error) }, 'an event listener failed'));
    const manager = new Manager({ catalog, bus, logger, clock, ownerId });
    // Waiting for a predecessor's lease runs on timers that do not hold the process open; a
    // manager that is still starting must not let Node exit under it.
    const keepAlive = setInterval(() => undefined, 1_000);
    try {
      return await Manager.#startLibraries(manager, options);
    } finally {
      clearInterval(keepAlive);
    }
  }

  static async #startLibraries(manager: Manager, options: ManagerOptions): Promise<Manager> {
    const logger = manager.#ctx.logger;
    const names = new Set<string>();
    for (const library of options.libraries) {
      if (names.has(library.name)) throw new RsmError('INVALID_PARAMETER', `library ${library.name} is configured twice`);
      names.add(library.name);
    }
    const ttl = options.leaseTtlMs ?? DEFAULT_LEASE_TTL_MS;
    manager.#settings = { leaseTtlMs: ttl, leaseWaitMs: options.leaseWaitMs ?? 0, pollIntervalMs: options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, readyWaitMs: 600_000 };
    manager.#standbyRetryMs = options.standbyRetryMs ?? ttl;
    manager.#deferred.configure(options.deferDismountMs);
    try {
      for (const config of options.libraries) {
        const runtime = await LibraryRuntime.start(manager.#ctx, config, manager.#settings, manager.#hooks());
        await manager.#adopt(runtime);
        if (!runtime.ownedHere) manager.#standBy(config, runtime);
      }
      await manager.#learnNames();
    } catch (error) {
      await manager.close();
      throw error;
    }
    logger.info({ owner: manager.ownerId, libraries: [...manager.#runtimes.keys()] }, 'manager started');
    return manager;
  }

  get ownerId(): string {
    return this.#ctx.ownerId;
  }

  /** Put a runtime in service; an owned one first clears its pickers, then resumes unfinished requests. */
  async #adopt(runtime: LibraryRuntime): Promise<void> {
    this.#runtimes.set(runtime.name, runtime);
    if (runtime.library !== undefined) this.#names.set(runtime.library.id, runtime.name);
    if (!runtime.ownedHere) {
      this.#ctx.bus.publish({ type: 'library', library: runtime.name, state: 'offline', detail: runtime.unavailableReason });
      return;
    }
    for (const listener of this.#adoptionListeners) listener(runtime.name);
    // A cartridge left in a picker by the previous owner blocks every other move: put it away first.
    await Promise.all((await this.#clearPickers(runtime)).map((r) => this.waitForRequest(r.id, 600_000)));
    await recoverRequests(this.#ctx, runtime, this.#tracker, this.#desk, this.#dispatcher);
    await this.#deferred.recover(runtime);
    await withdrawDisabledDrives(this.#ctx.catalog, runtime);
  }

  /**
   * A library this manager does not own (another manager's live lease, a changer held elsewhere,
   * a device down, a lease lost): try again every `standbyRetryMs` — or sooner, right after the
   * owner's lease runs out when the refusal said when — and take over as soon as it can, resuming
   * whatever requests the previous owner left unfinished.
   */
  #standBy(config: LibraryConfig, refused?: LibraryRuntime): void {
    if (this.#standbyRetryMs <= 0 || this.#closing) return;
    const attempt = async (): Promise<void> => {
      let leaseExpiresAt = refused?.leaseExpiresAt ?? null;
      while (!this.#closing) {
        await sleepUnref(standbyWait(this.#standbyRetryMs, leaseExpiresAt), this.#stopStandby.signal).catch(() => undefined);
        if (this.#closing) return;
        const runtime = await LibraryRuntime.start(this.#ctx, config, this.#settings, this.#hooks());
        if (this.#closing) {
          await runtime.close();
          return;
        }
        if (runtime.ownedHere) {
          this.#ctx.logger.info({ library: config.name }, 'took the library over');
          await this.#adopt(runtime);
          return;
        }
        leaseExpiresAt = runtime.leaseExpiresAt;
      }
    };
    const task = attempt().catch((error: unknown) => this.#ctx.logger.error({ library: config.name, err: errorMessage(error) }, 'standby failed'));
    this.#standbys.add(task);
    void task.finally(() => this.#standbys.delete(task));
  }

  get catalogLocation(): string {
    return this.#ctx.catalog.where;
  }

  #hooks(): RuntimeHooks {
    return {
      jobState: (runtime, id, state) => {
        if (id < 0) return;
        const lease = runtime.lease;
        if (state === 'in-progress' && lease !== undefined) void this.#tracker.started(id, lease);
        else if (state === 'waiting') void this.#tracker.waiting(id, 'waiting for a drive or the robot');
      },
      reconciled: (runtime) => {
        if (this.#closing) return;
        void resumeAfterReconcile(this.#ctx, runtime, this.#desk, this.#dispatcher).catch((error: unknown) => this.#ctx.logger.warn({ err: errorMessage(error) }, 'resuming requests after reconciliation failed'));
        void this.#clearPickers(runtime).catch((error: unknown) => this.#ctx.logger.warn({ err: errorMessage(error) }, 'could not queue putting away a cartridge left in a picker'));
      },
      expectedLeaving: async (runtime) => {
        const libraryId = runtime.library?.id;
        if (libraryId === undefined) return new Set<string>();
        const ejects = await this.#ctx.catalog.requests.list({ libraryId, kinds: ['eject'], states: UNFINISHED });
        return new Set(ejects.filter((r) => r.options.via === 'door').flatMap((r) => (Array.isArray(r.options.mediumIds) ? r.options.mediumIds.filter((x): x is string => typeof x === 'string') : [])));
      },
      leaseLost: (runtime, reason) => {
        this.#ctx.logger.error({ library: runtime.name, reason }, 'lost the library; stopping all work on it');
        void runtime.lose(reason).then(() => this.#standBy(runtime.config));
      },
      driveAsksCleaning: (runtime, drive) => {
        void this.reportDriveNeedsCleaning(runtime.name, drive, MANAGER_CALLER).catch(() => undefined);
      },
    };
  }

  /** Cartridges left in pickers are put away by moves of the manager's own (pickers.ts). */
  async #clearPickers(runtime: LibraryRuntime): Promise<RequestView[]> {
    const library = runtime.library;
    if (library === undefined || !runtime.ownedHere) return [];
    const queued: RequestView[] = [];
    for (const order of await pickerClearances(this.#ctx.catalog, library, runtime.name)) queued.push(await this.move(order, MANAGER_CALLER));
    return queued;
  }

  async #learnNames(): Promise<void> {
    for (const library of await this.#ctx.catalog.libraries.list()) this.#names.set(library.id, library.name);
  }

  // ── libraries and media ─────────────────────────────────────────────────────────────────────

  async #catalogLibrary(name: string): Promise<Library> {
    const library = await this.#ctx.catalog.libraries.findByName(name);
    if (library === undefined) throw notFound(`no library ${name}`);
    this.#names.set(library.id, library.name);
    return library;
  }

  #ownedHere(name: string): boolean {
    return this.#runtimes.get(name)?.ownedHere === true;
  }

  /** The runtime of a library this manager owns, or the refusal a client should see. */
  #owned(name: unknown): LibraryRuntime {
    if (this.#closing) throw new RsmError('SHUTTING_DOWN', 'the manager is shutting down');
    if (typeof name !== 'string' || name === '') throw invalid('name the library');
    const runtime = this.#runtimes.get(name);
    if (runtime === undefined) throw notFound(`this manager serves no library ${name}`);
    if (!runtime.ownedHere || runtime.library === undefined) {
      throw new RsmError('LIBRARY_UNAVAILABLE', `library ${name} is not owned by this manager${runtime.unavailableReason !== null ? `: ${runtime.unavailableReason}` : ''}`);
    }
    return runtime;
  }

  libraries(): Promise<readonly LibrarySummary[]> {
    return refusing(async () => {
      const all = await this.#ctx.catalog.libraries.list();
      return Promise.all(all.map((l) => librarySummary(this.#ctx.catalog, l, this.#ownedHere(l.name))));
    });
  }

  library(name: string): Promise<LibraryDetail> {
    return refusing(async () => libraryDetail(this.#ctx.catalog, await this.#catalogLibrary(name), this.#ownedHere(name)));
  }

  media(query: MediaQuery = {}): Promise<readonly MediumView[]> {
    return refusing(async () => {
      const catalog = this.#ctx.catalog;
      const library = query.library !== undefined ? await this.#catalogLibrary(query.library) : undefined;
      let poolId: string | undefined;
      if (query.pool !== undefined) {
        const pool = await catalog.pools.findByName(query.pool);
        if (pool === undefined) throw notFound(`no pool ${query.pool}`);
        poolId = pool.id;
      }
      const listing = await catalog.media.listing(mediaSearch(query, library?.id, poolId), this.#listedViews.media);
      // A library's name never changes (the catalog finds libraries by name): ask only about new ones.
      if (listing.media.some((m) => !this.#names.has(m.libraryId))) await this.#learnNames();
      return this.#listedViews.of(listing, (id) => this.#names.get(id) ?? id);
    });
  }

  mediaChangeMark(): Promise<string> {
    return refusing(() => this.#ctx.catalog.mediaChangeMark());
  }

  medium(library: string, barcode: string): Promise<MediumView> {
    return refusing(async () => {
      const lib = await this.#catalogLibrary(library);
      const medium = await this.#ctx.catalog.media.findByBarcode(lib.id, barcode);
      if (medium === undefined) throw notFound(`library ${library} has no medium ${barcode}`);
      return mediumView(this.#ctx.catalog, medium, lib.name);
    });
  }

  pools(): Promise<readonly Pool[]> {
    return refusing(() => this.#ctx.catalog.pools.list());
  }

  createPool(pool: NewPool, caller: Caller): Promise<Pool> {
    return refusing(() => createPool(this.#ctx, pool, caller));
  }

  /**
   * MoveToNtmsMediaPool: the catalog's pool rules apply (same media type; import and unrecognized
   * media only into the free pool; allocated media stay out of it). How media found in a library
   * (import pool) become scratch: move them to the free pool, `Free/<media type>`.
   */
  moveMediumToPool(library: string, barcode: string, pool: string, caller: Caller): Promise<MediumView> {
    return refusing(async () => {
      const lib = await this.#catalogLibrary(library);
      await checkBarcodeAccess(this.#ctx.catalog, caller, lib, barcode);
      await checkPoolName(this.#ctx.catalog, caller, pool);
      return mediumView(this.#ctx.catalog, await moveToPool(this.#ctx, lib, barcode, pool, caller), lib.name);
    });
  }

  // ── media services without the robot (mediaLifecycle.ts) ─────────────────────────────────────

  deletePool(name: string, caller: Caller): Promise<Pool> {
    return refusing(async () => {
      await checkPoolName(this.#ctx.catalog, caller, name);
      return this.#lifecycle.deletePool(name, caller);
    });
  }

  setPoolPolicy(name: string, policy: PoolPolicy, caller: Caller): Promise<Pool> {
    return refusing(() => this.#lifecycle.setPoolPolicy(name, policy, caller));
  }

  allocate(order: AllocateOrder, caller: Caller): Promise<MediumAllocation> {
    return refusing(async () => {
      await checkPoolName(this.#ctx.catalog, caller, order.pool);
      return this.#lifecycle.allocate(order, caller);
    });
  }

  deallocate(order: SideOrder, caller: Caller): Promise<MediumView> {
    return refusing(async () => {
      await this.#checkMediaScope(caller, order.library, [order.barcode]);
      return this.#lifecycle.deallocate(order, caller);
    });
  }

  setMediumComplete(order: SideOrder, caller: Caller): Promise<MediumView> {
    return refusing(async () => {
      await this.#checkMediaScope(caller, order.library, [order.barcode]);
      return this.#lifecycle.setComplete(order, caller);
    });
  }

  decommissionMedium(order: SideOrder, caller: Caller): Promise<MediumView> {
    return refusing(async () => {
      await this.#checkMediaScope(caller, order.library, [order.barcode]);
      return this.#lifecycle.decommission(order, caller);
    });
  }

  swapSides(order: SwapOrder, caller: Caller): Promise<readonly MediumView[]> {
    return refusing(async () => {
      await this.#checkMediaScope(caller, order.library, [order.first.barcode, order.second.barcode]);
      return this.#lifecycle.swapSides(order, caller);
    });
  }

  deleteMedium(library: string, barcode: string, caller: Caller): Promise<MediumView> {
    return refusing(async () => {
      await this.#checkMediaScope(caller, library, [barcode]);
      return this.#lifecycle.deleteMedium(library, barcode, caller);
    });
  }

  // ── requests ────────────────────────────────────────────────────────────────────────────────

  /**
   * Write the request and its audit entry together, announce it, start its work. `libraryChecked`:
   * the caller has just refused a disabled library itself (a mount, which checks its drives and medium too).
   */
  async #submit(runtime: LibraryRuntime, request: NewRequest, caller: Caller, target: string | null, detail: Record<string, unknown> = {}, libraryChecked = false): Promise<RequestView> {
    if (caller !== MANAGER_CALLER && runtime.library !== undefined && !libraryChecked) await refuseIfLibraryDisabled(this.#ctx.catalog, runtime.library);
    const written = await this.#ctx.catalog.requests.enqueueRecorded({ ...request, application: caller.application ?? null, user: caller.token ?? null }, { who: caller, target, detail });
    this.#tracker.announce(written);
    this.#ctx.logger.info({ library: runtime.name, request: written.id, kind: written.kind, by: who(caller) }, `${written.kind} requested`);
    this.#dispatcher.dispatch(runtime, written);
    // As written: its one history entry is the queueing, and the medium's barcode is in its options
    // when it names one. Each read costs a round trip that waits its turn on a busy catalog, and
    // a read now might show steps of the work just started beside the state `queued`.
    const barcode = written.options.barcode;
    return requestView(this.#ctx.catalog, written, runtime.name, undefined, {
      history: [{ state: 'queued', at: written.submittedAt, note: null }],
      ...(typeof barcode === 'string' ? { barcode } : written.mediumId === null ? { barcode: null } : {}),
    });
  }

  mount(order: MountOrder, caller: Caller): Promise<RequestView> {
    return refusing(async () => {
      const runtime = this.#owned(order.library);
      const checked = await refuseDisabledForMount(this.#ctx.catalog, runtime.library as Library, order);
      await checkMountAccess(this.#ctx.catalog, caller, runtime.library as Library, order);
      const again = await this.#deferred.remount(runtime, order, caller, (medium, drive) => ({
        ...baseFields(runtime, order, Date.now()), kind: 'mount', mediumId: medium.id, side: order.side ?? 0, poolId: medium.poolId, driveIndex: drive,
        options: { access: order.access ?? 'write', allocated: false, barcode: medium.barcode, deferred: true },
      }));
      if (again !== undefined) return requestView(this.#ctx.catalog, again, runtime.name);
      // What the check read stands unless a medium was just taken out of a drive to make room.
      const tookOut = await this.#deferred.makeRoom(runtime, order);
      const { request, barcode, undo } = await mountRequest(this.#ctx, this.#desk, runtime, order, caller, Date.now(), tookOut ? undefined : checked);
      try {
        return await this.#submit(runtime, request, caller, barcode, { pool: order.pool ?? null, drive: order.drive ?? null }, true);
      } catch (error) {
        await undo();
        throw error;
      }
    });
  }

  dismount(order: DismountOrder, caller: Caller): Promise<RequestView> {
    return refusing(async () => {
      const runtime = this.#owned(order.library);
      await checkDismountAccess(this.#ctx.catalog, caller, runtime.library as Library, order);
      const request = await dismountRequest(this.#ctx.catalog, runtime, order, Date.now());
      const deferred = caller === MANAGER_CALLER ? undefined : await this.#deferred.defer(runtime, request, caller, order.immediate === true);
      if (deferred !== undefined) return requestView(this.#ctx.catalog, deferred, runtime.name);
      return this.#submit(runtime, request, caller, typeof request.options?.barcode === 'string' ? request.options.barcode : null, { drive: request.driveIndex });
    });
  }

  move(order: MoveOrder, caller: Caller): Promise<RequestView> {
    return refusing(async () => {
      const runtime = this.#owned(order.library);
      const request = await moveRequest(this.#ctx.catalog, runtime, order, Date.now());
      return this.#submit(runtime, request, caller, typeof request.options?.barcode === 'string' ? request.options.barcode : null, { from: order.from, to: order.to });
    });
  }

  inject(order: InjectOrder, caller: Caller): Promise<RequestView> {
    return refusing(async () => {
      const runtime = this.#owned(order.library);
      const request = await injectRequest(this.#ctx.catalog, runtime, order, Date.now());
      return this.#submit(runtime, request, caller, null, { via: request.options?.via, pool: order.pool ?? null });
    });
  }

  eject(order: EjectOrder, caller: Caller): Promise<RequestView> {
    return refusing(async () => {
      const runtime = this.#owned(order.library);
      for (const barcode of order.barcodes) await checkBarcodeAccess(this.#ctx.catalog, caller, runtime.library as Library, barcode);
      for (const barcode of order.barcodes) await this.#deferred.flushMedium(runtime, barcode);
      const { request } = await ejectRequest(this.#ctx.catalog, runtime, order, Date.now());
      return this.#submit(runtime, request, caller, order.barcodes.join(','), { via: request.options?.via });
    });
  }

  inventory(order: InventoryOrder, caller: Caller): Promise<RequestView> {
    return refusing(async () => {
      const runtime = this.#owned(order.library);
      return this.#submit(runtime, inventoryRequest(runtime, order, Date.now()), caller, null, { mode: order.mode ?? 'fast' });
    });
  }

  clean(order: CleanOrder, caller: Caller): Promise<RequestView> {
    return refusing(async () => {
      const runtime = this.#owned(order.library);
      await this.#deferred.flush(runtime.name, order.drive);
      return this.#submit(runtime, cleanRequest(runtime, order, Date.now()), caller, `drive ${order.drive}`);
    });
  }

  closeMailslot(library: string, caller: Caller): Promise<MailslotClosing> {
    return refusing(async () => {
      const runtime = this.#owned(library);
      const closing = await closeMailslotFor(runtime, this.#desk);
      await this.#ctx.catalog.audit.record({ who: caller, action: 'mailslot.close', libraryId: runtime.library?.id ?? null, target: library, detail: { state: closing.state } });
      return closing;
    });
  }

  /**
   * A drive says it needs cleaning (TapeAlert, "cleaning required" sense, the application that
   * uses it): the catalog marks it and a cleaning is queued unless one already is.
   */
  reportDriveNeedsCleaning(library: string, drive: number, caller: Caller): Promise<RequestView | null> {
    // One at a time per drive: the drive's TapeAlert poll and an operator may ask at once, and
    // each must see the other's cleaning before deciding to queue one.
    const key = `${library}\u0000${String(drive)}`;
    const previous = this.#cleaningAsks.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.#askCleaning(library, drive, caller));
    this.#cleaningAsks.set(key, next);
    void next.finally(() => {
      if (this.#cleaningAsks.get(key) === next) this.#cleaningAsks.delete(key);
    }).catch(() => undefined);
    return next;
  }

  #askCleaning(library: string, drive: number, caller: Caller): Promise<RequestView | null> {
    return refusing(async () => {
      const runtime = this.#owned(library);
      const index = checkDriveIndex(runtime, drive);
      const libraryId = runtime.library?.id ?? '';
      await this.#ctx.catalog.drives.setNeedsCleaning(libraryId, index, true);
      const pending = await this.#ctx.catalog.requests.list({ libraryId, kinds: ['clean'], states: UNFINISHED });
      if (pending.some((r) => r.driveIndex === index)) return null;
      return this.#submit(runtime, { ...cleanRequest(runtime, { library, drive: index }, Date.now()), priority: AUTOMATIC_CLEAN_PRIORITY }, caller, `drive ${index}`, { reason: 'drive asked for cleaning' });
    });
  }

  requests(query: RequestQuery = {}): Promise<readonly RequestView[]> {
    return refusing(async () => {
      const library = query.library !== undefined ? await this.#catalogLibrary(query.library) : undefined;
      await this.#learnNames();
      const rows = await this.#ctx.catalog.requests.list({
        ...(library !== undefined ? { libraryId: library.id } : {}),
        ...(query.states !== undefined ? { states: query.states } : {}),
        ...(query.kinds !== undefined ? { kinds: query.kinds } : {}),
      });
      // Newest first: what a person or a UI looks at.
      const newest = rows.reverse().slice(0, query.limit !== undefined ? Math.max(0, query.limit) : undefined);
      const drives = await drivesOf(this.#ctx.catalog, newest.map((r) => r.libraryId));
      return Promise.all(newest.map((r) => requestView(this.#ctx.catalog, r, this.#names.get(r.libraryId) ?? r.libraryId, drives)));
    });
  }

  request(id: number): Promise<RequestView> {
    return refusing(async () => {
      if (!Number.isInteger(id) || id <= 0) throw invalid(`request ids are positive integers, not ${String(id)}`);
      const row = await this.#ctx.catalog.requests.get(id);
      if (!this.#names.has(row.libraryId)) await this.#learnNames();
      return requestView(this.#ctx.catalog, row, this.#names.get(row.libraryId) ?? row.libraryId);
    });
  }

  waitForRequest(id: number, timeoutMs?: number): Promise<RequestView> {
    return refusing(async () => {
      const current = await this.request(id);
      if (FINISHED_REQUEST_STATES.includes(current.state)) return current;
      await requestEnded(this.#ctx, id, timeoutMs);
      return this.request(id);
    });
  }

  cancelRequest(id: number, caller: Caller): Promise<RequestView> {
    return refusing(async () => {
      const request = await this.#ctx.catalog.requests.get(id);
      if (FINISHED_REQUEST_STATES.includes(request.state)) throw new RsmError('INVALID_STATE', `request ${id} is already ${request.state}`);
      await this.#ctx.catalog.audit.record({ who: caller, action: 'request.cancel', libraryId: request.libraryId, target: String(id) });
      const runtime = [...this.#runtimes.values()].find((r) => r.library?.id === request.libraryId);
      await this.#dispatcher.cancel(runtime, request, who(caller));
      return this.request(id);
    });
  }

  // ── operator requests ───────────────────────────────────────────────────────────────────────

  operatorRequests(query: OperatorRequestQuery = {}): Promise<readonly OperatorRequest[]> {
    return refusing(async () => {
      const library = query.library !== undefined ? await this.#catalogLibrary(query.library) : undefined;
      const all = await this.#ctx.catalog.operatorRequests.list(library !== undefined ? { libraryId: library.id } : {});
      return all.filter((r) => (query.states === undefined || query.states.includes(r.state)) && (query.kinds === undefined || query.kinds.includes(r.kind)));
    });
  }

  /**
   * SubmitNtmsOperatorRequest for applications: a message to the operator (or another kind of
   * request when an application needs a person), tracked like those the manager raises.
   */
  submitOperatorRequest(request: { readonly library?: string; readonly kind?: OperatorRequestKind; readonly message: string }, caller: Caller): Promise<OperatorRequest> {
    return refusing(async () => {
      if (typeof request.message !== 'string' || request.message.trim() === '') throw invalid('an operator request needs a message');
      const kind = request.kind ?? 'message';
      if (!OPERATOR_REQUEST_KINDS.includes(kind)) throw invalid(`operator request kinds are ${OPERATOR_REQUEST_KINDS.join(', ')}, not ${String(kind)}`);
      const library = request.library !== undefined ? await this.#catalogLibrary(request.library) : undefined;
      const submitted = await this.#desk.submit({ kind, message: request.message, libraryId: library?.id ?? null, application: caller.application ?? null, user: caller.token ?? null });
      await this.#ctx.catalog.audit.record({ who: caller, action: 'operator-request.submit', libraryId: library?.id ?? null, target: String(submitted.id), detail: { kind } });
      return submitted;
    });
  }

  acknowledgeOperatorRequest(id: number, caller: Caller): Promise<OperatorRequest> {
    return refusing(async () => {
      const acknowledged = await this.#desk.acknowledge(id, who(caller));
      await this.#ctx.catalog.audit.record({ who: caller, action: 'operator-request.acknowledge', libraryId: acknowledged.libraryId, target: String(id) });
      return acknowledged;
    });
  }

  refuseOperatorRequest(id: number, caller: Caller, reason?: string): Promise<OperatorRequest> {
    return refusing(async () => {
      const refused = await this.#desk.refuse(id, who(caller));
      await this.#ctx.catalog.audit.record({ who: caller, action: 'operator-request.refuse', libraryId: refused.libraryId, target: String(id), detail: { reason: reason ?? null } });
      const requestId = linkedRequestId(refused);
      if (requestId !== undefined) {
        await this.#tracker.finish(requestId, { state: 'cancelled', errorCode: 'REFUSED', note: `the operator refused${reason !== undefined ? `: ${reason}` : ''}` });
      }
      return refused;
    });
  }

  completeOperatorRequest(id: number, caller: Caller): Promise<OperatorRequest> {
    return refusing(async () => {
      const completed = await this.#desk.complete(id, who(caller));
      await this.#ctx.catalog.audit.record({ who: caller, action: 'operator-request.complete', libraryId: completed.libraryId, target: String(id) });
      await this.#afterOperatorCompleted(completed);
      return completed;
    });
  }

  async #afterOperatorCompleted(completed: OperatorRequest): Promise<void> {
    const catalog = this.#ctx.catalog;
    // A cartridge reported missing that the operator says was taken out on purpose: no longer a problem.
    if (completed.mediumId !== null) {
      const medium = await catalog.media.get(completed.mediumId).catch(() => undefined);
      if (medium?.state === 'opreq') {
        await catalog.media.setState(medium.id, 'idle');
        this.#ctx.bus.publish({ type: 'medium', library: this.#names.get(medium.libraryId) ?? null, barcode: medium.barcode, mediumId: medium.id, location: medium.location.type === 'outside' ? 'outside' : `${medium.location.type} ${medium.location.index}`, state: 'idle' });
      }
    }
    const requestId = linkedRequestId(completed);
    if (requestId === undefined) return;
    const request = await catalog.requests.get(requestId).catch(() => undefined);
    if (request === undefined || FINISHED_REQUEST_STATES.includes(request.state)) return;
    const runtime = [...this.#runtimes.values()].find((r) => r.library?.id === request.libraryId);
    if (runtime?.ownedHere === true) this.#dispatcher.dispatch(runtime, request, { afterOperator: true });
  }

  // ── queue order and object control (the operations half of the NTMS contract) ───────────────

  requestQueue(library: string): Promise<readonly QueuedRequest[]> {
    return refusing(() => requestQueue(this.#ctx, this.#owned(library)));
  }

  reorderRequest(id: number, position: QueuePosition, caller: Caller): Promise<readonly QueuedRequest[]> {
    return refusing(async () => {
      const where = checkPosition(position);
      const request = await this.#ctx.catalog.requests.get(id);
      await this.#learnNames();
      return reorderRequest(this.#ctx, this.#owned(this.#names.get(request.libraryId) ?? request.libraryId), id, where, caller);
    });
  }

  purgeRequests(days: number, caller: Caller, library?: string): Promise<PurgeResult> {
    return refusing(async () => purgeRequests(this.#ctx, days, caller, library !== undefined ? (await this.#catalogLibrary(library)).id : undefined));
  }

  /** A token limited to some pools (accessScope.ts) touches only their media. */
  async #checkMediaScope(caller: Caller, library: string, barcodes: readonly string[]): Promise<void> {
    if (caller.scope?.pools === undefined) return;
    const lib = await this.#catalogLibrary(library);
    for (const barcode of barcodes) await checkBarcodeAccess(this.#ctx.catalog, caller, lib, barcode);
  }

  auditSlots(order: SlotAuditOrder, caller: Caller): Promise<RequestView> {
    return refusing(async () => {
      const runtime = this.#owned(order.library);
      const request = await auditRequest(this.#ctx, runtime, { from: order.from, to: order.to }, Date.now());
      return this.#submit(runtime, request, caller, `slots ${order.from}–${order.to}`, { mode: 'audit' });
    });
  }

  setObjectEnabled(object: ObjectRef, enabled: boolean, reason: string | null, caller: Caller): Promise<ObjectState> {
    return refusing(async () => {
      const state = await setObjectEnabled(this.#ctx, object, enabled, reason, caller);
      if (object.type === 'drive') this.#runtimes.get(object.library)?.scheduler?.setDriveInService(object.drive, state.enabled);
      return state;
    });
  }

  describeObject(object: ObjectRef, information: ObjectInformation, caller: Caller): Promise<ObjectState> {
    return refusing(() => describeObject(this.#ctx, object, information, caller));
  }

  objectState(object: ObjectRef): Promise<ObjectState> {
    return refusing(() => objectState(this.#ctx, object));
  }

  // ── events ─────────────────────────────────────────────────────────────────────────────────

  subscribe(listener: (event: ManagerEvent) => void): () => void {
    return this.#ctx.bus.subscribe(listener);
  }

  /** Events still remembered after `seq` (SSE clients resuming with Last-Event-ID). */
  eventsSince(seq: number): readonly ManagerEvent[] {
    return this.#ctx.bus.since(seq);
  }

  /**
   * Tell the manager where applications reach a library's drives (serial → device URL), when
   * this process serves them itself: mounts and drive views name these URLs from now on.
   */
  publishDriveUrls(library: string, urls: ReadonlyMap<string, string>): Promise<void> {
    return refusing(async () => {
      const runtime = this.#runtimes.get(library);
      if (runtime === undefined) throw notFound(`this manager serves no library ${library}`);
      await runtime.publishDriveUrls(urls);
    });
  }

  /**
   * Calls `listener` with a library's name each time this manager puts one it owns into service:
   * at start, and when a standby takes one over (the composition root then serves its drives).
   */
  onLibraryAdopted(listener: (library: string) => void): () => void {
    this.#adoptionListeners.add(listener);
    return () => this.#adoptionListeners.delete(listener);
  }

  /** Libraries configured in this manager, and whether each is owned here. */
  configuredLibraries(): readonly { readonly name: string; readonly deviceUrl: string; readonly ownedHere: boolean; readonly unavailableReason: string | null }[] {
    return [...this.#runtimes.values()].map((r) => ({ name: r.name, deviceUrl: r.config.deviceUrl, ownedHere: r.ownedHere, unavailableReason: r.unavailableReason }));
  }

  /** Resolves when no request of this manager has work under way (tests; graceful stop). */
  async idle(): Promise<void> {
    await this.#dispatcher.idle();
    await this.#tracker.settled();
  }

  /**
   * Stop: no new requests; queued work stays queued in the catalog for the next start; robot
   * commands under way finish; leases are released and changers closed.
   */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    this.#stopStandby.abort();
    this.#deferred.close();
    await Promise.allSettled([...this.#standbys]);
    this.#dispatcher.close();
    for (const runtime of this.#runtimes.values()) await runtime.close().catch(() => undefined);
    await this.#dispatcher.idle().catch(() => undefined);
    await this.#tracker.settled().catch(() => undefined);
    await this.#ctx.catalog.close().catch(() => undefined);
  }
}
