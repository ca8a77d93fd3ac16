// From a request row to robot work and back: each kind becomes a scheduler job (mount, dismount,
// move, clean) or an exclusive job (inventory, inject, eject), or waits for a person through a
// linked operator request. The outcome is written back to the request. Every path is also the
// restart path: a request found unfinished after a crash is dispatched again from wherever its
// cartridges now are, so each acknowledged request reaches a final state.
import { FINISHED_REQUEST_STATES, type LibraryRequest, type OperatorRequest, type OperatorRequestKind } from '../../catalog/index.ts';
import { isSchedulerError, type Job, type Outcome } from '../../scheduler/index.ts';
import { isRsmError, RsmError } from '../../rsmError.ts';
import { cleanWork } from './cleaning.ts';
import type { ManagerContext } from '../context.ts';
import { errorMessage, requestErrorCode } from '../errors.ts';
import { runInventory } from './exclusiveWork.ts';
import { runSlotAudit, type SlotRange } from './slotAudit.ts';
import { ejectWork, injectWork } from './injectEject.ts';
import type { OwnedLibrary } from '../library/index.ts';
import { dismountWork, mountWork, moveWork, undoAllocation } from './mountWork.ts';
import { type FinalState, linkReason, type OperatorDesk, type RequestTracker } from '../requests/index.ts';
import { RequestTimes } from './requestTimes.ts';
import { option, type DispatchMode, type JobSpec, type WorkKit } from './workKit.ts';

export type { DispatchMode } from './workKit.ts';

export interface DispatcherHooks {
  /** Queue a dismount on the manager's own behalf (a mount cancelled after its cartridge reached a drive). */
  dismountForManager(runtime: OwnedLibrary, drive: number): Promise<void>;
}

export class Dispatcher implements WorkKit {
  readonly #active = new Set<number>();
  readonly #cancelled = new Set<number>();
  readonly #running = new Set<Promise<void>>();
  /** Timers of requests that wait for a person and have a deadline. */
  readonly #operatorDeadlines = new Map<number, AbortController>();
  /** Shutting down: work cut short stays unfinished in the catalog, for the next start to resume. */
  #closing = false;
  /** Requests' submission and deadline on the manager's clock (the catalog's stamps are wall time). */
  readonly #times: RequestTimes;
  readonly #unsubscribe: () => void;

  constructor(
    readonly ctx: ManagerContext,
    readonly tracker: RequestTracker,
    readonly desk: OperatorDesk,
    private readonly hooks: DispatcherHooks,
  ) {
    const times = new RequestTimes(ctx.clock);
    this.#times = times;
    this.#unsubscribe = ctx.bus.subscribe((event) => {
      if (event.type === 'request' && FINISHED_REQUEST_STATES.includes(event.request.state)) times.forget(event.request.id);
    });
  }

  dismountForManager(runtime: OwnedLibrary, drive: number): Promise<void> {
    return this.hooks.dismountForManager(runtime, drive);
  }

  isActive(id: number): boolean {
    return this.#active.has(id);
  }

  /** Start the request's work in the background; its end is written to the catalog. */
  dispatch(runtime: OwnedLibrary, request: LibraryRequest, mode: DispatchMode = {}): void {
    if (this.#active.has(request.id)) return;
    this.#active.add(request.id);
    if (mode.resumed !== true) this.#times.pin(request);
    const run = this.#run(runtime, request, mode)
      .catch(async (error: unknown) => {
        if (this.#closing || handedOver(error)) return;
        this.ctx.logger.error({ request: request.id, err: errorMessage(error) }, 'request failed');
        await this.tracker.finish(request.id, { state: 'failed', errorCode: requestErrorCode(error), note: errorMessage(error) });
      })
      .finally(() => {
        this.#active.delete(request.id);
        this.#cancelled.delete(request.id);
        this.#running.delete(run);
      });
    this.#running.add(run);
  }

  /** Cancel a request: through the scheduler when it holds the job, else at once. */
  async cancel(runtime: OwnedLibrary | undefined, request: LibraryRequest, by: string): Promise<void> {
    this.#cancelled.add(request.id);
    if (runtime?.scheduler?.cancel(request.id) === true) return;
    await undoAllocation(this, request);
    await this.tracker.finish(request.id, { state: 'cancelled', note: `cancelled by ${by}` });
    const linked = request.libraryId !== '' ? await this.desk.linkedTo(request.id, request.libraryId) : undefined;
    if (linked !== undefined && (linked.state === 'submitted' || linked.state === 'acknowledged')) await this.desk.complete(linked.id, `${by} (request cancelled)`);
  }

  close(): void {
    this.#closing = true;
    this.#unsubscribe();
    for (const timer of this.#operatorDeadlines.values()) timer.abort();
    this.#operatorDeadlines.clear();
  }

  /**
   * A request waiting for a person holds no scheduler job, so its deadline is watched here: when
   * it passes and the request still waits, the request times out and its operator request is
   * closed, so nobody acts on a request that no longer exists.
   */
  watchOperatorDeadline(request: LibraryRequest): void {
    if (request.deadlineAt === null || this.#closing || this.#operatorDeadlines.has(request.id)) return;
    const timer = new AbortController();
    this.#operatorDeadlines.set(request.id, timer);
    const forget = (): void => {
      if (this.#operatorDeadlines.get(request.id) === timer) this.#operatorDeadlines.delete(request.id);
    };
    const deadlineAt = this.#times.of(request).deadlineAt ?? this.ctx.clock.now();
    this.ctx.clock.sleep(Math.max(0, deadlineAt - this.ctx.clock.now()), timer.signal).then(
      () => {
        forget();
        return this.#operatorDeadlinePassed(request.id);
      },
      forget,
    ).catch((error: unknown) => this.ctx.logger.error({ request: request.id, err: errorMessage(error) }, 'timing out a request failed'));
  }

  async #operatorDeadlinePassed(id: number): Promise<void> {
    if (this.#closing || this.#active.has(id)) return;
    const request = await this.ctx.catalog.requests.get(id);
    if (request.state !== 'waiting') return;
    const linked = await this.desk.linkedTo(id, request.libraryId);
    const open = linked !== undefined && (linked.state === 'submitted' || linked.state === 'acknowledged');
    // The operator request closes first: whoever sees the request final sees nothing left to do.
    if (open) await this.desk.complete(linked.id, `${this.ctx.ownerId} (request ${id} timed out)`);
    await this.tracker.finish(id, { state: 'timed-out', errorCode: 'TIMEOUT', note: open ? `operator request ${linked.id} was not answered within the request's timeout` : 'not done within its timeout' });
  }

  /** Resolves when every request started so far has ended (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  async #run(runtime: OwnedLibrary, request: LibraryRequest, mode: DispatchMode): Promise<void> {
    if (mode.resumed === true && request.state === 'in-progress') await this.tracker.waiting(request.id, 'resumed after the manager restarted');
    switch (request.kind) {
      case 'mount':
        return mountWork(this, runtime, request, mode);
      case 'dismount':
        return dismountWork(this, runtime, request, mode);
      case 'move':
        return moveWork(this, runtime, request, mode);
      case 'clean':
        return cleanWork(this, runtime, request, mode);
      case 'inventory':
        if (option<string>(request, 'mode', 'fast') === 'audit') return this.exclusiveRequest(runtime, request, () => runSlotAudit(this.ctx, runtime, option<SlotRange>(request, 'slots', { from: 0, to: 0 })));
        return this.exclusiveRequest(runtime, request, () => runInventory(this.ctx, runtime, option(request, 'mode', 'fast')));
      case 'inject':
        return injectWork(this, runtime, request, mode);
      case 'eject':
        return ejectWork(this, runtime, request, mode);
    }
  }

  // ── scheduler plumbing ─────────────────────────────────────────────────────────────────────

  async submit(runtime: OwnedLibrary, request: LibraryRequest, spec: JobSpec): Promise<Outcome | undefined> {
    const scheduler = runtime.scheduler;
    if (scheduler === undefined) throw new RsmError('LIBRARY_UNAVAILABLE', `library ${runtime.name} is not owned by this manager`);
    // A cancel that arrived before the job reached the scheduler wins.
    const current = await this.ctx.catalog.requests.get(request.id);
    if (this.#cancelled.has(request.id) || ['completed', 'failed', 'cancelled', 'timed-out'].includes(current.state)) return undefined;
    return scheduler.submit({ ...spec, id: request.id, priority: request.priority, ...this.#times.of(request) } as Job);
  }

  async exclusive(runtime: OwnedLibrary, request: LibraryRequest, work: () => Promise<string | null>): Promise<{ outcome: Outcome | undefined; note: string | null }> {
    let note: string | null = null;
    const outcome = await this.submit(runtime, request, {
      kind: 'exclusive',
      run: async () => {
        note = await work();
      },
    });
    return { outcome, note };
  }

  async exclusiveRequest(runtime: OwnedLibrary, request: LibraryRequest, work: () => Promise<string | null>): Promise<void> {
    const { outcome, note } = await this.exclusive(runtime, request, work);
    if (outcome !== undefined) await this.finish(request, outcome, note);
  }

  async finish(request: LibraryRequest, outcome: Outcome, note: string | null): Promise<void> {
    if (outcome.state === 'failed' && (this.#closing || handedOver(outcome.error))) {
      this.ctx.logger.info({ request: request.id }, 'request left for the next owner of the library');
      return;
    }
    await this.tracker.finish(request.id, finalState(outcome, note));
  }

  // ── mount / dismount / move ────────────────────────────────────────────────────────────────

  // ── cleaning ───────────────────────────────────────────────────────────────────────────────

  // ── inject / eject ─────────────────────────────────────────────────────────────────────────

  // ── people ─────────────────────────────────────────────────────────────────────────────────

  async waitForOperator(request: LibraryRequest, kind: OperatorRequestKind, message: string): Promise<OperatorRequest> {
    const existing = await this.desk.linkedTo(request.id, request.libraryId);
    const open = existing !== undefined && (existing.state === 'submitted' || existing.state === 'acknowledged') ? existing : undefined;
    const operatorRequest =
      open ?? (await this.desk.submit({ kind, libraryId: request.libraryId, reason: linkReason(request.id), message, application: request.application, user: request.user, poolId: request.poolId, driveIndex: request.driveIndex }));
    await this.tracker.waiting(request.id, `waiting for operator request ${operatorRequest.id}`);
    this.watchOperatorDeadline(request);
    return operatorRequest;
  }
}

/**
 * Work cut short because this manager stopped owning the library (shut down, lease lost): the
 * request stays unfinished in the catalog, and whoever owns the library next resumes it.
 */
function handedOver(error: unknown): boolean {
  return (isSchedulerError(error) && error.code === 'SCHEDULER_CLOSED') || (isRsmError(error) && error.code === 'LIBRARY_UNAVAILABLE');
}

function finalState(outcome: Outcome, note: string | null): FinalState {
  switch (outcome.state) {
    case 'completed':
      return { state: 'completed', note, ...(outcome.drive === undefined ? {} : { driveIndex: outcome.drive }) };
    case 'cancelled':
      return { state: 'cancelled', note: note ?? 'cancelled' };
    case 'timed-out':
      return { state: 'timed-out', errorCode: 'TIMEOUT', note: 'not done within its timeout' };
    case 'failed': {
      const code = (outcome.error as { code?: unknown } | null)?.code;
      return { state: 'failed', errorCode: typeof code === 'string' ? code : requestErrorCode(outcome.error), note: errorMessage(outcome.error) };
    }
  }
}
