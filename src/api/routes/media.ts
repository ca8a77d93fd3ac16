// Media in the catalog: a filtered listing, and one medium by library and barcode.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { List } from '../schemas/common.ts';
import { MediaQuerySchema, MediumParams, MediumViewSchema } from '../schemas/medium.ts';
import { ErrorResponses } from '../schemas/problem.ts';
import type { RouteContext } from './context.ts';

export const mediaRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { service }) => {
  app.get(
    '/v1/media',
    {
      config: { role: 'reader' },
      schema: {
        tags: ['media'],
        summary: 'List media, filtered by library, pool, barcode or kind of location',
        querystring: MediaQuerySchema,
        response: { 200: List(MediumViewSchema), ...ErrorResponses },
      },
    },
    async (request) => service.media(request.query),
  );

  app.get(
    '/v1/libraries/:library/media/:barcode',
    {
      config: { role: 'reader' },
      schema: {
        tags: ['media'],
        summary: 'One medium by barcode',
        params: MediumParams,
        response: { 200: MediumViewSchema, ...ErrorResponses },
      },
    },
    async (request) => service.medium(request.params.library, request.params.barcode),
  );
};
