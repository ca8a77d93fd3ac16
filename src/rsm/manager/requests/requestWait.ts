// Waiting for a request to end without polling: the event bus says when it did.
import { FINISHED_REQUEST_STATES } from '../../catalog/index.ts';
import type { ManagerContext } from '../context.ts';

/** Resolves when request `id` is in a final state, or after `timeoutMs` (real time) regardless. */
export function requestEnded(ctx: ManagerContext, id: number, timeoutMs?: number): Promise<void> {
  return new Promise<void>((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const done = (): void => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
      resolve();
    };
    const unsubscribe = ctx.bus.subscribe((event) => {
      if (event.type === 'request' && event.request.id === id && FINISHED_REQUEST_STATES.includes(event.request.state)) done();
    });
    if (timeoutMs !== undefined) timer = setTimeout(done, Math.max(0, timeoutMs));
    // It may have ended between the caller's read and the subscription.
    void ctx.catalog.requests.get(id).then((r) => {
      if (FINISHED_REQUEST_STATES.includes(r.state)) done();
    }, done);
  });
}
