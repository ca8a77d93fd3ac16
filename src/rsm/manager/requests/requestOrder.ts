// A library's queue as the scheduler would serve it now (GetNtmsRequestOrder), moving a request
// that has not started to its front or back (SetNtmsRequestOrder), and purging the history of
// finished requests. The order lives in the scheduler, so it lasts until the manager restarts;
// priority and age order the queue again after that.
import { FINISHED_REQUEST_STATES } from '../../catalog/index.ts';
import { RsmError } from '../../rsmError.ts';
import type { PurgeResult, QueuePosition, QueuedRequest } from '../../operationsContract.ts';
import type { Caller } from '../../service.ts';
import type { ManagerContext } from '../context.ts';
import { invalid, invalidState } from '../errors.ts';
import type { OwnedLibrary } from '../library/index.ts';

const DAY_MS = 24 * 3600 * 1000;
const UNFINISHED = ['queued', 'waiting', 'in-progress'] as const;

/** The requests of the library's scheduler, in its order; the manager's own internal jobs (negative ids) left out. */
export async function requestQueue(ctx: ManagerContext, runtime: OwnedLibrary): Promise<QueuedRequest[]> {
  const scheduler = runtime.scheduler;
  const libraryId = runtime.library?.id;
  if (scheduler === undefined || libraryId === undefined) throw new RsmError('LIBRARY_UNAVAILABLE', `library ${runtime.name} is not owned by this manager`);
  const requests = new Map((await ctx.catalog.requests.list({ libraryId, states: UNFINISHED })).map((r) => [r.id, r]));
  const queue: QueuedRequest[] = [];
  for (const job of scheduler.pending()) {
    const request = requests.get(job.id);
    if (request === undefined) continue;
    // The request's own wall-clock stamp: the job's is on the manager's clock, which a person cannot read (virtual under tests).
    queue.push({ order: queue.length + 1, id: job.id, kind: request.kind, state: job.state, priority: job.priority, effectivePriority: job.effectivePriority, submittedAt: request.submittedAt, drive: job.drive });
  }
  return queue;
}

export function checkPosition(position: unknown): QueuePosition {
  if (position !== 'front' && position !== 'back') throw invalid(`a request moves to the front or the back of the queue, not ${String(position)}`);
  return position;
}

/** Moves request `id` of `runtime` to the front or back; INVALID_STATE once it has started or finished. */
export async function reorderRequest(ctx: ManagerContext, runtime: OwnedLibrary, id: number, position: QueuePosition, caller: Caller): Promise<QueuedRequest[]> {
  const request = await ctx.catalog.requests.get(id);
  if (FINISHED_REQUEST_STATES.includes(request.state)) throw invalidState(`request ${id} is already ${request.state}`);
  if (request.state === 'in-progress' || runtime.scheduler?.reorder(id, position) !== true) {
    throw invalidState(`request ${id} is under way; only requests that have not started can be moved in the queue`);
  }
  await ctx.catalog.audit.record({ who: caller, action: 'request.reorder', libraryId: request.libraryId, target: String(id), detail: { position } });
  ctx.logger.info({ library: runtime.name, request: id, position }, `request moved to the ${position} of the queue`);
  return requestQueue(ctx, runtime);
}

export async function purgeRequests(ctx: ManagerContext, days: number, caller: Caller, libraryId?: string): Promise<PurgeResult> {
  if (typeof days !== 'number' || !Number.isFinite(days) || days < 0) throw invalid(`purge requests older than a number of days (0 or more), not ${String(days)}`);
  const before = Date.now() - days * DAY_MS;
  const deleted = await ctx.catalog.requests.purgeFinished(before, libraryId);
  await ctx.catalog.audit.record({ who: caller, action: 'request.purge', libraryId: libraryId ?? null, target: null, detail: { olderThanDays: days, deleted } });
  return { deleted, before };
}
