// GET /metrics: Prometheus text exposition. Needs a reader token (Prometheus sends one with
// `authorization: { credentials: … }`): request counts and queue depths say what a site stores.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { ApiMetrics } from '../metrics/apiMetrics.ts';
import { ErrorResponses } from '../schemas/problem.ts';

export const metricsRoutes: FastifyPluginAsyncTypebox<{ readonly metrics: ApiMetrics }> = async (app, { metrics }) => {
  app.get(
    '/metrics',
    {
      config: { role: 'reader' },
      schema: {
        tags: ['metrics'],
        summary: 'Prometheus metrics',
        produces: ['text/plain'],
        response: { 200: Type.String({ description: 'Prometheus text format 0.0.4' }), ...ErrorResponses },
      },
    },
    async (_request, reply) => {
      reply.type(metrics.contentType);
      return metrics.text();
    },
  );
};
