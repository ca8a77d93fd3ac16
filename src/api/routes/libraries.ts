// The libraries this manager knows, and one library in detail (its elements and drives).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LibraryParams, List } from '../schemas/common.ts';
import { LibraryDetailSchema, LibrarySummarySchema } from '../schemas/library.ts';
import { ErrorResponses } from '../schemas/problem.ts';
import type { RouteContext } from './context.ts';

export const libraryRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { service }) => {
  app.get(
    '/v1/libraries',
    {
      config: { role: 'reader' },
      schema: { tags: ['libraries'], summary: 'List the libraries', response: { 200: List(LibrarySummarySchema), ...ErrorResponses } },
    },
    async () => service.libraries(),
  );

  app.get(
    '/v1/libraries/:library',
    {
      config: { role: 'reader' },
      schema: {
        tags: ['libraries'],
        summary: 'One library with its elements and drives',
        params: LibraryParams,
        response: { 200: LibraryDetailSchema, ...ErrorResponses },
      },
    },
    async (request) => service.library(request.params.library),
  );
};
