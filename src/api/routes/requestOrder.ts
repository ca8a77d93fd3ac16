// The library queue in the scheduler's order (GetNtmsRequestOrder), moving a request that has not
// started to its front or back (SetNtmsRequestOrder), and purging finished requests.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../auth/authentication.ts';
import { IdParams, LibraryParams } from '../schemas/common.ts';
import { PurgeQuerySchema, PurgeResultSchema, QueueList, RequestOrderBodySchema } from '../schemas/operations.ts';
import { ErrorResponses } from '../schemas/problem.ts';
import type { RouteContext } from './context.ts';

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
};
