// Media in the catalog: a filtered listing, and one medium by library and barcode.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { MediumState, SideState } from '../../rsm/catalog/index.ts';
import { List, splitList } from '../schemas/common.ts';
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
        summary: 'List media, filtered by library, pool, barcode or pattern, state, side state, media type, kind of location, last mount',
        querystring: MediaQuerySchema,
        response: { 200: List(MediumViewSchema), ...ErrorResponses },
      },
    },
    async (request) => {
      const { state, sideState, ...query } = request.query;
      return service.media({ ...query, ...(state !== undefined ? { states: splitList<MediumState>(state) } : {}), ...(sideState !== undefined ? { sideStates: splitList<SideState>(sideState) } : {}) });
    },
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
