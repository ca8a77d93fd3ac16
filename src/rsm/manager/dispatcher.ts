// From a request row to robot work and back: each kind becomes a scheduler job (mount, dismount,
// move, clean) or an exclusive job (inventory, inject, eject), or waits for a person through a
// linked operator request. The outcome is written back to the request. Every path is also the
// restart path: a request found unfinished after a crash is dispatched again from wherever its
// cartridges now are, so each acknowledged request reaches a final state.
import type { LibraryRequest, Medium, OperatorRequest, OperatorRequestKind } from '../catalog/index.ts';
import { isSchedulerError, type Job, type Outcome } from '../scheduler/index.ts';
import { isRsmError, RsmError } from '../rsmError.ts';
import { pickCleaner, recordCleaning } from './cleaning.ts';
import type { ManagerContext } from './context.ts';
import { describePlace } from './elementTypes.ts';
import { errorMessage, requestErrorCode } from './errors.ts';
import { ejectToMailslot, importFromMailslot, runInventory } from './exclusiveWork.ts';
import type { LibraryRuntime } from './libraryRuntime.ts';
import { linkReason, type OperatorDesk } from './operatorDesk.ts';
import { candidateDrives } from './orders.ts';
import { COLLECT_EJECTED_REASON } from './reconcile.ts';
import type { FinalState, RequestTracker } from './requestTracker.ts';

export interface DispatchMode {
  /** Found unfinished by a restarted manager. */
  readonly resumed?: boolean;
  /** The operator did what the linked operator request asked. */
  readonly afterOperator?: boolean;
}

export interface DispatcherHooks {
  /** Queue a dismount on the manager's own behalf (a mount cancelled after its cartridge reached a drive). */
  dismountForManager(runtime: LibraryRuntime, drive: number): Promise<void>;
}

type JobSpec = Job extends infer J ? (J extends Job ? Omit<J, 'id' | 'priority' | 'submittedAt' | 'deadlineAt'> : never) : never;

function option<T>(request: LibraryRequest, key: string, fallback: T): T {
  const value = request.options[key];
  return value === undefined ? fallback : (value as T);
}

function label(medium: Medium | undefined): string {
  return medium?.barcode ?? 'the cartridge';
}

export class Dispatcher {
  readonly #active = new Set<number>();
  readonly #cancelled = new Set<number>();
  readonly #running = new Set<Promise<void>>();
  /** Shutting down: work cut short stays unfinished in the catalog, for the next start to resume. */
  #closing = false;

  constructor(
    private readonly ctx: ManagerContext,
    private readonly tracker: RequestTracker,
    private readonly desk: OperatorDesk,
    private readonly hooks: DispatcherHooks,
  ) {}

  isActive(id: number): boolean {
    return this.#active.has(id);
  }

  /** Start the request's work in the background; its end is written to the catalog. */
  dispatch(runtime: LibraryRuntime, request: LibraryRequest, mode: DispatchMode = {}): void {
    if (this.#active.has(request.id)) return;
    this.#active.add(request.id);
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
  async cancel(runtime: LibraryRuntime | undefined, request: LibraryRequest, by: string): Promise<void> {
    this.#cancelled.add(request.id);
    if (runtime?.scheduler?.cancel(request.id) === true) return;
    await this.#undoAllocation(request);
    await this.tracker.finish(request.id, { state: 'cancelled', note: `cancelled by ${by}` });
    const linked = request.libraryId !== '' ? await this.desk.linkedTo(request.id, request.libraryId) : undefined;
    if (linked !== undefined && (linked.state === 'submitted' || linked.state === 'acknowledged')) await this.desk.complete(linked.id, `${by} (request cancelled)`);
  }

  close(): void {
    this.#closing = true;
  }

  /** Resolves when every request started so far has ended (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
  }

  async #run(runtime: LibraryRuntime, request: LibraryRequest, mode: DispatchMode): Promise<void> {
    if (mode.resumed === true && request.state === 'in-progress') await this.tracker.waiting(request.id, 'resumed after the manager restarted');
    switch (request.kind) {
      case 'mount':
        return this.#mount(runtime, request, mode);
      case 'dismount':
        return this.#dismount(runtime, request, mode);
      case 'move':
        return this.#move(runtime, request, mode);
      case 'clean':
        return this.#clean(runtime, request, mode);
      case 'inventory':
        return this.#exclusiveRequest(runtime, request, () => runInventory(runtime, option(request, 'mode', 'fast')));
      case 'inject':
        return this.#inject(runtime, request, mode);
      case 'eject':
        return this.#eject(runtime, request, mode);
    }
  }

  // ── scheduler plumbing ─────────────────────────────────────────────────────────────────────

  /** Times in the scheduler's clock, from the catalog's wall-clock times (a restart keeps a request's age and deadline). */
  #times(request: LibraryRequest): { submittedAt: number; deadlineAt: number | null } {
    const wall = Date.now();
    const now = this.ctx.clock.now();
    return { submittedAt: now - Math.max(0, wall - request.submittedAt), deadlineAt: request.deadlineAt === null ? null : now + (request.deadlineAt - wall) };
  }

  async #submit(runtime: LibraryRuntime, request: LibraryRequest, spec: JobSpec): Promise<Outcome | undefined> {
    const scheduler = runtime.scheduler;
    if (scheduler === undefined) throw new RsmError('LIBRARY_UNAVAILABLE', `library ${runtime.name} is not owned by this manager`);
    // A cancel that arrived before the job reached the scheduler wins.
    const current = await this.ctx.catalog.requests.get(request.id);
    if (this.#cancelled.has(request.id) || ['completed', 'failed', 'cancelled', 'timed-out'].includes(current.state)) return undefined;
    return scheduler.submit({ ...spec, id: request.id, priority: request.priority, ...this.#times(request) } as Job);
  }

  async #exclusive(runtime: LibraryRuntime, request: LibraryRequest, work: () => Promise<string | null>): Promise<{ outcome: Outcome | undefined; note: string | null }> {
    let note: string | null = null;
    const outcome = await this.#submit(runtime, request, {
      kind: 'exclusive',
      run: async () => {
        note = await work();
      },
    });
    return { outcome, note };
  }

  async #exclusiveRequest(runtime: LibraryRuntime, request: LibraryRequest, work: () => Promise<string | null>): Promise<void> {
    const { outcome, note } = await this.#exclusive(runtime, request, work);
    if (outcome !== undefined) await this.#finish(request, outcome, note);
  }

  async #finish(request: LibraryRequest, outcome: Outcome, note: string | null): Promise<void> {
    if (outcome.state === 'failed' && (this.#closing || handedOver(outcome.error))) {
      this.ctx.logger.info({ request: request.id }, 'request left for the next owner of the library');
      return;
    }
    await this.tracker.finish(request.id, finalState(outcome, note));
  }

  // ── mount / dismount / move ────────────────────────────────────────────────────────────────

  async #mount(runtime: LibraryRuntime, request: LibraryRequest, mode: DispatchMode): Promise<void> {
    const mediumId = request.mediumId as string;
    let medium = await this.ctx.catalog.media.get(mediumId);
    if (mode.resumed === true && medium.location.type === 'drive' && (request.driveIndex === null || request.driveIndex === medium.location.index)) {
      await this.tracker.finish(request.id, { state: 'completed', note: `found in drive ${medium.location.index} after the manager restarted` });
      return;
    }
    if (medium.location.type === 'outside') {
      await this.#undoAllocation(request);
      await this.tracker.finish(request.id, { state: 'failed', errorCode: 'MEDIA_UNAVAILABLE', note: `${label(medium)} is no longer in the library` });
      return;
    }
    const access = option<'read' | 'write'>(request, 'access', 'write');
    const drives = await candidateDrives(this.ctx.catalog, runtime, medium, access, request.driveIndex);
    const outcome = await this.#submit(runtime, request, { kind: 'mount', mediumId, drives });
    if (outcome === undefined) return;
    medium = await this.ctx.catalog.media.get(mediumId);
    if (outcome.state === 'completed') {
      await this.#finish(request, outcome, `${label(medium)} mounted in drive ${outcome.drive ?? (medium.location.type === 'drive' ? medium.location.index : '?')}`);
      return;
    }
    await this.#undoAllocation(request);
    await this.#finish(request, outcome, null);
    // Cancelled or timed out after the cartridge reached a drive: nobody will use it, take it out.
    if (medium.location.type === 'drive' && outcome.state !== 'failed') await this.hooks.dismountForManager(runtime, medium.location.index);
  }

  async #undoAllocation(request: LibraryRequest): Promise<void> {
    if (request.kind !== 'mount' || option<boolean>(request, 'allocated', false) !== true || request.mediumId === null) return;
    await this.ctx.catalog.media.deallocate(request.mediumId, request.side ?? 0).catch(() => undefined);
  }

  async #dismount(runtime: LibraryRuntime, request: LibraryRequest, mode: DispatchMode): Promise<void> {
    const drive = request.driveIndex as number;
    const libraryId = request.libraryId;
    const inDrive = await this.ctx.catalog.media.at(libraryId, { type: 'drive', index: drive });
    if (inDrive === undefined) {
      const state: FinalState = mode.resumed === true ? { state: 'completed', note: `drive ${drive} found empty after the manager restarted` } : { state: 'failed', errorCode: 'SOURCE_EMPTY', note: `drive ${drive} is empty` };
      await this.tracker.finish(request.id, state);
      return;
    }
    const outcome = await this.#submit(runtime, request, { kind: 'dismount', drive, placement: option(request, 'placement', 'home') });
    if (outcome === undefined) return;
    let note: string | null = null;
    if (outcome.state === 'completed') {
      const medium = await this.ctx.catalog.media.get(inDrive.id);
      note = `${label(medium)} dismounted to ${medium.location.type === 'outside' ? 'outside' : describePlace(medium.location)}`;
      if (option<boolean>(request, 'deallocate', false) === true) {
        await this.ctx.catalog.media.deallocate(inDrive.id, request.side ?? 0).then(
          () => (note = `${note ?? ''}; deallocated`),
          (error: unknown) => (note = `${note ?? ''}; not deallocated: ${errorMessage(error)}`),
        );
      }
    }
    await this.#finish(request, outcome, note);
  }

  async #move(runtime: LibraryRuntime, request: LibraryRequest, mode: DispatchMode): Promise<void> {
    const from = option(request, 'from', { type: 'slot', index: 0 } as { type: 'slot' | 'drive' | 'ieport' | 'transport'; index: number });
    const to = request.destination as { type: 'slot' | 'drive' | 'ieport' | 'transport'; index: number };
    if (mode.resumed === true && request.mediumId !== null) {
      const medium = await this.ctx.catalog.media.get(request.mediumId);
      if (medium.location.type === to.type && medium.location.index === to.index) {
        await this.tracker.finish(request.id, { state: 'completed', note: `found in ${describePlace(to)} after the manager restarted` });
        return;
      }
    }
    const outcome = await this.#submit(runtime, request, { kind: 'move', from, to });
    if (outcome !== undefined) await this.#finish(request, outcome, outcome.state === 'completed' ? `moved ${describePlace(from)} → ${describePlace(to)}` : null);
  }

  // ── cleaning ───────────────────────────────────────────────────────────────────────────────

  async #clean(runtime: LibraryRuntime, request: LibraryRequest, mode: DispatchMode): Promise<void> {
    const library = runtime.library;
    if (library === undefined) throw new Error(`library ${runtime.name} is not owned here`);
    const drive = request.driveIndex as number;
    if (mode.afterOperator === true) await runtime.reconcile('cleaner supplied');
    const cleaner = await pickCleaner(this.ctx.catalog, library.id, library.cleanerSlot);
    if (cleaner === undefined) {
      if (mode.afterOperator === true) {
        await this.tracker.finish(request.id, { state: 'failed', errorCode: 'MEDIA_UNAVAILABLE', note: `library ${runtime.name} still has no cleaner with cleanings left` });
        return;
      }
      await this.#waitForOperator(request, 'cleaner', `Drive ${drive} of library ${runtime.name} needs cleaning and there is no cleaner with cleanings left. Insert a cleaning cartridge, then complete this request.`);
      return;
    }
    const outcome = await this.#submit(runtime, request, { kind: 'clean', drive, cleanerId: cleaner.id });
    if (outcome === undefined) return;
    const note = outcome.state === 'completed' ? await recordCleaning(this.ctx, this.desk, library, drive, cleaner.id) : null;
    await this.#finish(request, outcome, note);
  }

  // ── inject / eject ─────────────────────────────────────────────────────────────────────────

  async #inject(runtime: LibraryRuntime, request: LibraryRequest, mode: DispatchMode): Promise<void> {
    const via = option<'mailslot' | 'door'>(request, 'via', 'mailslot');
    const cleanerUses = option<number | undefined>(request, 'cleanerUses', undefined);
    if (via === 'door') {
      if (mode.afterOperator !== true) {
        await this.#waitForOperator(request, 'new-media', `Open the door of library ${runtime.name}, put the new cartridges into empty slots, close the door, then complete this request.`);
        return;
      }
      await this.#exclusiveRequest(runtime, request, async () => {
        const outcome = await runtime.reconcile('inject through the door', { ...(request.poolId !== null ? { newMediaPoolId: request.poolId } : {}), ...(cleanerUses !== undefined ? { cleanerUses } : {}) });
        return `${outcome.added.length} new cartridge(s) found: ${outcome.added.map((m) => m.barcode ?? 'unlabelled').join(', ') || 'none'}`;
      });
      return;
    }
    let imported = 0;
    const { outcome, note } = await this.#exclusive(runtime, request, async () => {
      const result = await importFromMailslot(this.ctx, runtime, request.poolId, cleanerUses);
      imported = result.imported.length;
      return imported > 0 ? `imported ${result.imported.map((m) => `${m.barcode ?? 'unlabelled'} → ${describePlace(m.location as { type: 'slot'; index: number })}`).join(', ')}` : 'the mailslot was empty';
    });
    if (outcome === undefined) return;
    if (outcome.state === 'completed' && imported === 0 && mode.afterOperator !== true) {
      await runtime.openMailslot();
      await this.#waitForOperator(request, 'new-media', `Put the cartridges to import into the mailslot of library ${runtime.name} and close it; then complete this request.`);
      return;
    }
    await this.#finish(request, outcome, note);
  }

  async #eject(runtime: LibraryRuntime, request: LibraryRequest, mode: DispatchMode): Promise<void> {
    const library = runtime.library;
    if (library === undefined) throw new Error(`library ${runtime.name} is not owned here`);
    const ids = option<string[]>(request, 'mediumIds', []);
    const via = option<'mailslot' | 'door'>(request, 'via', 'mailslot');
    if (via === 'door') {
      if (mode.afterOperator !== true) {
        const where = await Promise.all(ids.map(async (id) => this.ctx.catalog.media.get(id)));
        const list = where.map((m) => `${label(m)} (${m.location.type === 'outside' ? 'outside' : describePlace(m.location)})`).join(', ');
        await this.#waitForOperator(request, 'move-media', `Open the door of library ${runtime.name}, take out ${list}, close the door, then complete this request.`);
        return;
      }
      await this.#exclusiveRequest(runtime, request, async () => {
        await runtime.reconcile('eject through the door');
        const left = (await Promise.all(ids.map((id) => this.ctx.catalog.media.get(id)))).filter((m) => m.location.type !== 'outside');
        if (left.length > 0) throw Object.assign(new Error(`still in the library: ${left.map(label).join(', ')}`), { code: 'NOT_REMOVED' });
        return `ejected ${ids.length} cartridge(s) through the door`;
      });
      return;
    }
    await this.#exclusiveRequest(runtime, request, async () => {
      const ejected = await ejectToMailslot(this.ctx, runtime, ids);
      for (const m of ejected) {
        if (m.location.type !== 'ieport') continue;
        await this.desk.submit({
          kind: 'move-media',
          libraryId: library.id,
          reason: COLLECT_EJECTED_REASON,
          barcode: m.barcode,
          mediumId: m.id,
          message: `Take ${label(m)} out of the mailslot of library ${runtime.name} (${describePlace(m.location)}).`,
        });
      }
      return `in the mailslot: ${ejected.map(label).join(', ')}`;
    });
  }

  // ── people ─────────────────────────────────────────────────────────────────────────────────

  async #waitForOperator(request: LibraryRequest, kind: OperatorRequestKind, message: string): Promise<OperatorRequest> {
    const existing = await this.desk.linkedTo(request.id, request.libraryId);
    const open = existing !== undefined && (existing.state === 'submitted' || existing.state === 'acknowledged') ? existing : undefined;
    const operatorRequest =
      open ?? (await this.desk.submit({ kind, libraryId: request.libraryId, reason: linkReason(request.id), message, application: request.application, user: request.user, poolId: request.poolId, driveIndex: request.driveIndex }));
    await this.tracker.waiting(request.id, `waiting for operator request ${operatorRequest.id}`);
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
      return { state: 'completed', note };
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
