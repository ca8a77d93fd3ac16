// Library requests: list, follow one (long polling with ?wait=<ms>), cancel. Applications may
// cancel their own requests; operators any.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RequestKind, RequestState } from '../../rsm/catalog/index.ts';
import type { RequestView } from '../../rsm/service.ts';
import { accessDenied } from '../apiError.ts';
import { callerOf, type ApiCaller } from '../auth/authentication.ts';
import { roleAllows } from '../auth/roles.ts';
import { IdParams, List, splitList, WaitQuery } from '../schemas/common.ts';
import { EmptyBodySchema } from '../schemas/frontPanel.ts';
import { ErrorResponses } from '../schemas/problem.ts';
import { RequestQuerySchema, RequestViewSchema } from '../schemas/request.ts';
import type { RouteContext } from './context.ts';
import { isFinished } from './requestAnswer.ts';

/** How long a cancel answer waits for the request to stop, unless ?wait says otherwise. */
const CANCEL_WAIT_MS = 5000;

/**
 * A request is the caller's own when its token submitted it. Not by application name: X-Application
 * is whatever the client sends, so it cannot grant the right to cancel another caller's work.
 */
function isOwnRequest(request: RequestView, caller: ApiCaller): boolean {
  return request.user === caller.token;
}

export const requestRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { service }) => {
  app.get(
    '/v1/requests',
    {
      config: { role: 'reader' },
      schema: {
        tags: ['requests'],
        summary: 'List requests, filtered by library, states and kinds',
        querystring: RequestQuerySchema,
        response: { 200: List(RequestViewSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { library, state, kind, limit } = request.query;
      return service.requests({ library, states: splitList<RequestState>(state), kinds: splitList<RequestKind>(kind), limit });
    },
  );

  app.get(
    '/v1/requests/:id',
    {
      config: { role: 'reader' },
      schema: {
        tags: ['requests'],
        summary: 'One request; with ?wait=<ms>, answered once it is final or the time has passed',
        params: IdParams,
        querystring: WaitQuery,
        response: { 200: RequestViewSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      const wait = request.query.wait;
      return wait === undefined || wait === 0 ? service.request(request.params.id) : service.waitForRequest(request.params.id, wait);
    },
  );

  app.post(
    '/v1/requests/:id/cancel',
    {
      config: { role: 'application' },
      schema: {
        tags: ['requests'],
        summary: 'Cancel a request (applications: their own; operators: any)',
        description:
          'A queued or waiting request is cancelled at once; one under way stops at its next safe point. The answer waits for that up to ' +
          `?wait=<ms> (default ${CANCEL_WAIT_MS}): 200 with the request once final, else 202 with it as it is.`,
        params: IdParams,
        querystring: WaitQuery,
        body: EmptyBodySchema,
        response: { 200: RequestViewSchema, 202: RequestViewSchema, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      if (!roleAllows(caller.role, 'operator')) {
        const target = await service.request(request.params.id);
        if (!isOwnRequest(target, caller)) {
          throw accessDenied(`request ${target.id} belongs to ${target.application ?? target.user ?? 'another caller'}; only operators cancel other callers' requests`);
        }
      }
      const cancelling = await service.cancelRequest(request.params.id, caller);
      const current = isFinished(cancelling) ? cancelling : await service.waitForRequest(cancelling.id, request.query.wait ?? CANCEL_WAIT_MS);
      reply.code(isFinished(current) ? 200 : 202);
      return current;
    },
  );
};
