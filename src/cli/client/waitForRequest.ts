import type { RequestView } from '../../rsm/service.ts';
import { isFinished } from './requestOutcome.ts';
import type { RsmClient } from './rsmClient.ts';

/**
 * Follows a request to its final state by long-polling GET /v1/requests/{id}?wait: each call
 * returns as soon as the request finishes, or after `pollMs` with it as it is (then `onState` is
 * told, so a progress bar can move). The manager guarantees every request ends, so there is no
 * deadline here: one is the request's own timeout.
 */
export async function waitForRequest(client: RsmClient, request: RequestView, pollMs: number, onState?: (r: RequestView) => void): Promise<RequestView> {
  let r = request;
  while (!isFinished(r.state)) {
    r = await client.request(r.id, pollMs);
    onState?.(r);
  }
  return r;
}
