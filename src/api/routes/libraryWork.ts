// Work on a whole library that operators start (inventory, inject, eject, cleaning) and raw moves
// (what changer-mtx sends through rsm://). All are queued requests like mounts.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../auth/authentication.ts';
import { LibraryParams, WaitQuery } from '../schemas/common.ts';
import { MailslotClosingSchema } from '../schemas/operatorRequest.ts';
import { ErrorResponses } from '../schemas/problem.ts';
import { CleanBodySchema, EjectBodySchema, InjectBodySchema, InventoryBodySchema, MoveBodySchema, RequestViewSchema } from '../schemas/request.ts';
import type { RouteContext } from './context.ts';
import { answerQueued } from './requestAnswer.ts';

const QueuedResponses = { 200: RequestViewSchema, 202: RequestViewSchema, ...ErrorResponses };
const WAIT_NOTE = '202 with the queued request; with ?wait=<ms>, 200 with the finished request if it finished in time.';

export const libraryWorkRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { service }) => {
  app.post(
    '/v1/libraries/:library/inventory',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['library work'],
        summary: 'Inventory the library (fast: barcodes; full: also identify unlabelled media)',
        description: WAIT_NOTE,
        params: LibraryParams,
        querystring: WaitQuery,
        body: InventoryBodySchema,
        response: QueuedResponses,
      },
    },
    async (request, reply) => {
      const queued = await service.inventory({ library: request.params.library, ...request.body }, callerOf(request));
      return answerQueued(service, reply, queued, request.query.wait);
    },
  );

  app.post(
    '/v1/libraries/:library/inject',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['library work'],
        summary: 'Take in the media an operator put in the mailslot (or, via door, behind the door)',
        description: WAIT_NOTE,
        params: LibraryParams,
        querystring: WaitQuery,
        body: InjectBodySchema,
        response: QueuedResponses,
      },
    },
    async (request, reply) => {
      const queued = await service.inject({ library: request.params.library, ...request.body }, callerOf(request));
      return answerQueued(service, reply, queued, request.query.wait);
    },
  );

  app.post(
    '/v1/libraries/:library/eject',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['library work'],
        summary: 'Put media out through the mailslot (or the door) for an operator to take',
        description: WAIT_NOTE,
        params: LibraryParams,
        querystring: WaitQuery,
        body: EjectBodySchema,
        response: QueuedResponses,
      },
    },
    async (request, reply) => {
      const queued = await service.eject({ library: request.params.library, ...request.body }, callerOf(request));
      return answerQueued(service, reply, queued, request.query.wait);
    },
  );

  app.post(
    '/v1/libraries/:library/clean',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['library work'],
        summary: 'Clean a drive with a cleaner cartridge of the library',
        description: WAIT_NOTE,
        params: LibraryParams,
        querystring: WaitQuery,
        body: CleanBodySchema,
        response: QueuedResponses,
      },
    },
    async (request, reply) => {
      const queued = await service.clean({ library: request.params.library, ...request.body }, callerOf(request));
      return answerQueued(service, reply, queued, request.query.wait);
    },
  );

  app.post(
    '/v1/libraries/:library/mailslot/close',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['library work'],
        summary: 'Close the mailslot: by command where the library accepts it (200), else an operator request to close it (202)',
        params: LibraryParams,
        response: { 200: MailslotClosingSchema, 202: MailslotClosingSchema, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const closing = await service.closeMailslot(request.params.library, callerOf(request));
      return reply.code(closing.state === 'closed' ? 200 : 202).send(closing);
    },
  );

  app.post(
    '/v1/libraries/:library/moves',
    {
      config: { role: 'application' },
      schema: {
        tags: ['library work'],
        summary: 'Move a cartridge from one element to another (arbitrated and reconciled like any request)',
        description: WAIT_NOTE,
        params: LibraryParams,
        querystring: WaitQuery,
        body: MoveBodySchema,
        response: QueuedResponses,
      },
    },
    async (request, reply) => {
      const queued = await service.move({ library: request.params.library, ...request.body }, callerOf(request));
      return answerQueued(service, reply, queued, request.query.wait);
    },
  );
};
