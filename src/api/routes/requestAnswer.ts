// How a route that queues a library request answers: 202 with the request as queued, or — when
// the client asked to wait (?wait=<ms>) — 200 with the request in its final state if it got there
// in time, else 202 with it as it is now. Either way Location points at the request to follow.
import type { FastifyReply } from 'fastify';
import { FINISHED_REQUEST_STATES } from '../../rsm/catalog/index.ts';
import type { RequestView, StorageService } from '../../rsm/service.ts';

export function isFinished(request: RequestView): boolean {
  return FINISHED_REQUEST_STATES.includes(request.state);
}

export async function answerQueued(service: StorageService, reply: FastifyReply, queued: RequestView, waitMs: number | undefined): Promise<RequestView> {
  const current = waitMs === undefined || waitMs === 0 || isFinished(queued) ? queued : await service.waitForRequest(queued.id, waitMs);
  reply.header('location', `/v1/requests/${current.id}`);
  reply.code(isFinished(current) && waitMs !== undefined ? 200 : 202);
  return current;
}
