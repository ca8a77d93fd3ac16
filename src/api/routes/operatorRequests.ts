// Operator requests: what the manager asks a person to do (new media, a cleaner, service, move
// media, a message), and the person's answers.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { OperatorRequestKind, OperatorRequestState } from '../../rsm/catalog/index.ts';
import { callerOf } from '../auth/authentication.ts';
import { IdParams, List, splitList } from '../schemas/common.ts';
import { EmptyBodySchema } from '../schemas/frontPanel.ts';
import { OperatorRequestQuerySchema, OperatorRequestSchema, RefuseBodySchema } from '../schemas/operatorRequest.ts';
import { NewOperatorRequestSchema } from '../schemas/operations.ts';
import { ErrorResponses } from '../schemas/problem.ts';
import type { RouteContext } from './context.ts';

const Answer = { 200: OperatorRequestSchema, ...ErrorResponses };

export const operatorRequestRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { service }) => {
  app.get(
    '/v1/operator-requests',
    {
      config: { role: 'reader' },
      schema: {
        tags: ['operator requests'],
        summary: 'List operator requests, filtered by library, states and kinds',
        querystring: OperatorRequestQuerySchema,
        response: { 200: List(OperatorRequestSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { library, state, kind } = request.query;
      return service.operatorRequests({ library, states: splitList<OperatorRequestState>(state), kinds: splitList<OperatorRequestKind>(kind) });
    },
  );

  app.post(
    '/v1/operator-requests',
    {
      config: { role: 'application' },
      schema: { tags: ['operator requests'], summary: 'Ask the operator for something (SubmitNtmsOperatorRequest)', body: NewOperatorRequestSchema, response: { 201: OperatorRequestSchema, ...ErrorResponses } },
    },
    async (request, reply) => {
      const submitted = await service.submitOperatorRequest(request.body, callerOf(request));
      reply.code(201);
      return submitted;
    },
  );

  app.post(
    '/v1/operator-requests/:id/acknowledge',
    {
      config: { role: 'operator' },
      schema: { tags: ['operator requests'], summary: 'Say you are on it', params: IdParams, body: EmptyBodySchema, response: Answer },
    },
    async (request) => service.acknowledgeOperatorRequest(request.params.id, callerOf(request)),
  );

  app.post(
    '/v1/operator-requests/:id/refuse',
    {
      config: { role: 'operator' },
      schema: { tags: ['operator requests'], summary: 'Refuse (the requests waiting on it fail)', params: IdParams, body: RefuseBodySchema, response: Answer },
    },
    async (request) => service.refuseOperatorRequest(request.params.id, callerOf(request), request.body.reason),
  );

  app.post(
    '/v1/operator-requests/:id/complete',
    {
      config: { role: 'operator' },
      schema: { tags: ['operator requests'], summary: 'Say it is done: the manager checks and goes on', params: IdParams, body: EmptyBodySchema, response: Answer },
    },
    async (request) => service.completeOperatorRequest(request.params.id, callerOf(request)),
  );
};
