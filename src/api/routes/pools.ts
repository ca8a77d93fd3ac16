// Media pools: the system pools per media type and the application pools programs create.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../auth/authentication.ts';
import { List } from '../schemas/common.ts';
import { NewPoolSchema, PoolSchema } from '../schemas/pool.ts';
import { ErrorResponses } from '../schemas/problem.ts';
import type { RouteContext } from './context.ts';

export const poolRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { service }) => {
  app.get(
    '/v1/pools',
    {
      config: { role: 'reader' },
      schema: { tags: ['pools'], summary: 'List media pools', response: { 200: List(PoolSchema), ...ErrorResponses } },
    },
    async () => service.pools(),
  );

  app.post(
    '/v1/pools',
    {
      config: { role: 'application' },
      schema: { tags: ['pools'], summary: 'Create an application pool', body: NewPoolSchema, response: { 201: PoolSchema, ...ErrorResponses } },
    },
    async (request, reply) => {
      const pool = await service.createPool(request.body, callerOf(request));
      reply.code(201);
      return pool;
    },
  );
};
