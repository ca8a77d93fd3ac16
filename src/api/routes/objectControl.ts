// Enable/DisableNtmsObject and SetNtmsObjectInformation for a library, its drives and its media,
// and an application telling the manager a drive needs cleaning.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { ObjectRef } from '../../rsm/operationsContract.ts';
import { callerOf } from '../auth/authentication.ts';
import { LibraryParams } from '../schemas/common.ts';
import {
  CleaningReportSchema, DisableBodySchema, DriveParams, EmptyObjectBodySchema, LibraryInformationSchema, MediumObjectParams, ObjectInformationSchema, ObjectStateSchema,
} from '../schemas/operations.ts';
import { ErrorResponses } from '../schemas/problem.ts';
import type { RouteContext } from './context.ts';

const Answer = { 200: ObjectStateSchema, ...ErrorResponses };

export const objectControlRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { service }) => {
  const objects = [
    { path: '/v1/libraries/:library', params: LibraryParams, what: 'the library', ref: (p: { library: string }): ObjectRef => ({ type: 'library', library: p.library }) },
    { path: '/v1/libraries/:library/drives/:drive', params: DriveParams, what: 'a drive', ref: (p: { library: string; drive: number }): ObjectRef => ({ type: 'drive', library: p.library, drive: p.drive }) },
    { path: '/v1/libraries/:library/media/:barcode', params: MediumObjectParams, what: 'a medium', ref: (p: { library: string; barcode: string }): ObjectRef => ({ type: 'medium', library: p.library, barcode: p.barcode }) },
  ] as const;

  for (const object of objects) {
    const ref = object.ref as (params: unknown) => ObjectRef;
    app.post(
      `${object.path}/disable`,
      {
        config: { role: 'operator' },
        schema: { tags: ['objects'], summary: `Take ${object.what} out of service (DisableNtmsObject), saying why`, params: object.params, body: DisableBodySchema, response: Answer },
      },
      async (request) => service.setObjectEnabled(ref(request.params), false, (request.body as { reason?: string }).reason ?? null, callerOf(request)),
    );
    app.post(
      `${object.path}/enable`,
      {
        config: { role: 'operator' },
        schema: { tags: ['objects'], summary: `Put ${object.what} back in service (EnableNtmsObject)`, params: object.params, body: EmptyObjectBodySchema, response: Answer },
      },
      async (request) => service.setObjectEnabled(ref(request.params), true, null, callerOf(request)),
    );
    app.get(
      `${object.path}/settings`,
      {
        config: { role: 'reader' },
        schema: { tags: ['objects'], summary: `Whether ${object.what} is in service, and its name and description`, params: object.params, response: Answer },
      },
      async (request) => service.objectState(ref(request.params)),
    );
    app.patch(
      object.path,
      {
        config: { role: 'operator' },
        schema: {
          tags: ['objects'],
          summary: `Set the name and description of ${object.what} (SetNtmsObjectInformation)`,
          params: object.params,
          body: object.path === '/v1/libraries/:library' ? LibraryInformationSchema : ObjectInformationSchema,
          response: Answer,
        },
      },
      async (request) => service.describeObject(ref(request.params), request.body as { name?: string | null; description?: string | null }, callerOf(request)),
    );
  }

  app.post(
    '/v1/libraries/:library/drives/:drive/needs-cleaning',
    {
      config: { role: 'application' },
      schema: {
        tags: ['objects'],
        summary: 'Tell the manager a drive needs cleaning: it is marked, and a cleaning queued unless one already is',
        params: DriveParams,
        body: EmptyObjectBodySchema,
        response: { 200: CleaningReportSchema, ...ErrorResponses },
      },
    },
    async (request) => {
      const { library, drive } = request.params;
      return { library, drive, request: await service.reportDriveNeedsCleaning(library, drive, callerOf(request)) };
    },
  );
};
