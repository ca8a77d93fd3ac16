// Mount and dismount: by barcode or from a pool, onto a drive or any drive that fits. The
// request is queued and answered at once (202), or after it finished when ?wait=<ms> is given.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { invalidParameter } from '../apiError.ts';
import { callerOf } from '../auth/authentication.ts';
import { WaitQuery } from '../schemas/common.ts';
import { ErrorResponses } from '../schemas/problem.ts';
import { DismountOrderSchema, MountOrderSchema, RequestViewSchema } from '../schemas/request.ts';
import type { RouteContext } from './context.ts';
import { answerQueued } from './requestAnswer.ts';

const QueuedResponses = { 200: RequestViewSchema, 202: RequestViewSchema, ...ErrorResponses };

export const mountRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { service }) => {
  app.post(
    '/v1/mounts',
    {
      config: { role: 'application' },
      schema: {
        tags: ['mounts'],
        summary: 'Mount a medium by barcode, or any scratch medium of a pool',
        description:
          '202 with the queued request; with ?wait=<ms>, 200 with the finished request if it finished in time. ' +
          "Once a drive is chosen, `drive` names it as the backup host reaches it: its serial number and its own device URL (for the embedded library, the drive's LUN on the iSCSI target npm start serves).",
        querystring: WaitQuery,
        body: MountOrderSchema,
        response: QueuedResponses,
      },
    },
    async (request, reply) => {
      const order = request.body;
      if (order.barcode === undefined && order.pool === undefined && order.mediumId === undefined) throw invalidParameter('name the medium (barcode or mediumId) or the pool to allocate one from (pool)', '/barcode');
      const queued = await service.mount(order, callerOf(request));
      return answerQueued(service, reply, queued, request.query.wait);
    },
  );

  app.post(
    '/v1/dismounts',
    {
      config: { role: 'application' },
      schema: {
        tags: ['mounts'],
        summary: 'Dismount the medium of a drive, or a medium by barcode',
        description: '202 with the queued request; with ?wait=<ms>, 200 with the finished request if it finished in time.',
        querystring: WaitQuery,
        body: DismountOrderSchema,
        response: QueuedResponses,
      },
    },
    async (request, reply) => {
      const order = request.body;
      if (order.barcode === undefined && order.drive === undefined) throw invalidParameter('name the drive to empty (drive) or the medium to take out (barcode)', '/drive');
      const queued = await service.dismount(order, callerOf(request));
      return answerQueued(service, reply, queued, request.query.wait);
    },
  );
};
