// The library queue in the scheduler's order (GetNtmsRequestOrder), moving a request that has not
// started to its front or back (SetNtmsRequestOrder), purging finished requests, and a range audit
// of slots (ACSLS audit), queued like an inventory.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../auth/authentication.ts';
import { IdParams, LibraryParams, WaitQuery } from '../schemas/common.ts';
import { AuditBodySchema, PurgeQuerySchema, PurgeResultSchema, QueueList, RequestOrderBodySchema } from '../schemas/operations.ts';
import { ErrorResponses } from '../schemas/problem.ts';
import { RequestViewSchema } from '../schemas/request.ts';
import type { RouteContext } from './context.ts';
import { answerQueued } from './requestAnswer.ts';

export const requestOrderRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { service }) => {
  app.get(
    '/v1/libraries/:library/queue',
    {
      config: { role: 'reader' },
      schema: { tags: ['requests'], summary: 'The requests not finished, in the order the scheduler serves them (GetNtmsRequestOrder)', params: LibraryParams, response: { 200: QueueList, ...ErrorResponses } },
    },
    async (request) => service.requestQueue(request.params.library),
  );

  app.post(
    '/v1/requests/:id/order',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['requests'],
        summary: 'Move a request that has not started to the front or back of its library\'s queue (SetNtmsRequestOrder); answers the queue',
        params: IdParams,
        body: RequestOrderBodySchema,
        response: { 200: QueueList, ...ErrorResponses },
      },
    },
    async (request) => service.reorderRequest(request.params.id, request.body.position, callerOf(request)),
  );

  app.delete(
    '/v1/requests',
    {
      config: { role: 'operator' },
      schema: { tags: ['requests'], summary: 'Delete finished requests older than a number of days, with their history', querystring: PurgeQuerySchema, response: { 200: PurgeResultSchema, ...ErrorResponses } },
    },
    async (request) => service.purgeRequests(request.query.olderThanDays, callerOf(request), request.query.library),
  );

  app.post(
    '/v1/libraries/:library/audit',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['requests'],
        summary: 'Audit slots from…to: rescan them where the library can, read them, reconcile the catalog; the final note says what was found',
        params: LibraryParams,
        querystring: WaitQuery,
        body: AuditBodySchema,
        response: { 200: RequestViewSchema, 202: RequestViewSchema, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const queued = await service.auditSlots({ library: request.params.library, ...request.body }, callerOf(request));
      return answerQueued(service, reply, queued, request.query.wait);
    },
  );
};
