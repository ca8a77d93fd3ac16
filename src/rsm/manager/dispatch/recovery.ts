// Requests outlive the process that accepted them. At start, after the library has been
// reconciled, every request a previous process left unfinished is taken up again: one past its
// deadline times out, one waiting for a person keeps waiting (or goes on, if the person already
// answered), anything else is dispatched from wherever its cartridges are now. And whenever a
// reconciliation shows that what a waiting request needs has appeared (cartridges in the
// mailslot, a cleaner, room in the mailslot), it goes on without anyone completing the operator request by hand.
import type { LibraryRequest } from '../../catalog/index.ts';
import { pickCleaner } from './cleaning.ts';
import type { ManagerContext } from '../context.ts';
import type { Dispatcher } from './dispatcher.ts';
import { mediaBoundForMailslot } from './mailslotAccess.ts';
import type { OwnedLibrary } from '../library/index.ts';
import type { OperatorDesk, RequestTracker } from '../requests/index.ts';

const UNFINISHED = ['queued', 'waiting', 'in-progress'] as const;

export async function recoverRequests(ctx: ManagerContext, runtime: OwnedLibrary, tracker: RequestTracker, desk: OperatorDesk, dispatcher: Dispatcher): Promise<void> {
  const libraryId = runtime.library?.id;
  if (libraryId === undefined) return;
  const unfinished = await ctx.catalog.requests.list({ libraryId, states: UNFINISHED });
  if (unfinished.length > 0) ctx.logger.info({ library: runtime.name, requests: unfinished.length }, 'resuming requests left unfinished');
  for (const request of unfinished) {
    if (request.deadlineAt !== null && request.deadlineAt <= Date.now()) {
      await tracker.finish(request.id, { state: 'timed-out', errorCode: 'TIMEOUT', note: 'its deadline passed while the manager was down' });
      continue;
    }
    const linked = await desk.linkedTo(request.id, libraryId);
    if (linked?.state === 'refused') {
      await tracker.finish(request.id, { state: 'cancelled', errorCode: 'REFUSED', note: 'the operator refused' });
    } else if (linked?.state === 'completed') {
      dispatcher.dispatch(runtime, request, { resumed: true, afterOperator: true });
    } else if (linked !== undefined) {
      if (request.state === 'in-progress') await tracker.waiting(request.id, `still waiting for operator request ${linked.id}`);
      dispatcher.watchOperatorDeadline(request);
    } else {
      dispatcher.dispatch(runtime, request, { resumed: true });
    }
  }
}

/** Waiting requests whose need the last reconciliation satisfied go on. */
export async function resumeAfterReconcile(ctx: ManagerContext, runtime: OwnedLibrary, desk: OperatorDesk, dispatcher: Dispatcher): Promise<void> {
  const library = runtime.library;
  if (library === undefined || !runtime.ownedHere) return;
  const waiting = (await ctx.catalog.requests.list({ libraryId: library.id, states: ['waiting'], kinds: ['inject', 'clean', 'eject'] })).filter((r) => !dispatcher.isActive(r.id));
  if (waiting.length === 0) return;
  const inMailslot = (await ctx.catalog.media.list({ libraryId: library.id, locationType: 'ieport' })).length > 0;
  const cleaner = await pickCleaner(ctx.catalog, library.id, library.cleanerSlot);
  const freePorts = await freeMailslotPositions(ctx, library.id);
  for (const request of waiting) {
    const ready =
      (request.kind === 'inject' && request.options.via !== 'door' && inMailslot) ||
      (request.kind === 'clean' && cleaner !== undefined) ||
      (request.kind === 'eject' && request.options.via !== 'door' && (await mailslotPositionsWanted(ctx, request)) <= freePorts);
    if (ready) await goOn(ctx, runtime, request, desk, dispatcher);
  }
}

/** Mailslot positions the catalog shows present and empty (an eject waiting on a full mailslot needs them). */
async function freeMailslotPositions(ctx: ManagerContext, libraryId: string): Promise<number> {
  const ports = (await ctx.catalog.libraries.elements(libraryId, 'ieport')).filter((e) => e.enabled && e.state !== 'not-present');
  const held = new Set((await ctx.catalog.media.list({ libraryId, locationType: 'ieport' })).map((m) => (m.location.type === 'ieport' ? m.location.index : -1)));
  return ports.filter((p) => !held.has(p.index)).length;
}

async function mailslotPositionsWanted(ctx: ManagerContext, request: LibraryRequest): Promise<number> {
  const ids = Array.isArray(request.options.mediumIds) ? request.options.mediumIds.filter((x): x is string => typeof x === 'string') : [];
  const media = await Promise.all(ids.map((id) => ctx.catalog.media.get(id).catch(() => undefined)));
  return mediaBoundForMailslot(media);
}

async function goOn(ctx: ManagerContext, runtime: OwnedLibrary, request: LibraryRequest, desk: OperatorDesk, dispatcher: Dispatcher): Promise<void> {
  const linked = await desk.linkedTo(request.id, request.libraryId);
  if (linked !== undefined && (linked.state === 'submitted' || linked.state === 'acknowledged')) await desk.complete(linked.id, ctx.ownerId);
  dispatcher.dispatch(runtime, request, { afterOperator: true });
}
