// The media services of NTMS over HTTP (rsm/mediaContract.ts): catalog changes that need no robot,
// answered at once — allocate and deallocate, complete, decommission, swap sides, move to a pool,
// delete a medium that left for good, delete an empty pool.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../auth/authentication.ts';
import { List } from '../schemas/common.ts';
import { AllocateOrderSchema, MediumAllocationSchema, PoolMoveBodySchema, PoolParams, PoolPolicySchema, SideBodySchema, SwapBodySchema } from '../schemas/mediaLifecycle.ts';
import { MediumParams, MediumViewSchema } from '../schemas/medium.ts';
import { LibraryParams } from '../schemas/common.ts';
import { PoolSchema } from '../schemas/pool.ts';
import { ErrorResponses } from '../schemas/problem.ts';
import type { RouteContext } from './context.ts';

const MediumAnswer = { 200: MediumViewSchema, ...ErrorResponses };

export const mediaLifecycleRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { service }) => {
  app.post(
    '/v1/allocations',
    {
      config: { role: 'application' },
      schema: {
        tags: ['media'],
        summary: 'Allocate a scratch medium into an application pool without mounting it (AllocateNtmsMedia)',
        description:
          "An available side already in the pool, else — when the pool allocates from scratch — one from the free pool of its media type, which then joins the pool. Mount it later by its barcode. " +
          'With `barcode` (and `library`) that medium is claimed, also out of the import pool. 409 MEDIA_UNAVAILABLE when there is none; an operator request for new media is raised.',
        body: AllocateOrderSchema,
        response: { 201: MediumAllocationSchema, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const allocation = await service.allocate(request.body, callerOf(request));
      reply.code(201);
      return allocation;
    },
  );

  const sideRoute = (action: string, summary: string, run: typeof service.deallocate): void => {
    app.post(
      `/v1/libraries/:library/media/:barcode/${action}`,
      {
        config: { role: 'application' },
        schema: { tags: ['media'], summary, params: MediumParams, body: SideBodySchema, response: MediumAnswer },
      },
      async (request) => run.call(service, { ...request.params, ...request.body }, callerOf(request)),
    );
  };
  sideRoute('deallocate', "Give an allocated side back (DeallocateNtmsMedia): available again, decommissioned once allocated the pool's max-allocations times, and back to the free pool when the pool deallocates to scratch", service.deallocate);
  sideRoute('complete', 'Set an allocated side complete (SetNtmsMediaComplete): full, mounted for reading only from now on; not while the medium is mounted', service.setMediumComplete);
  sideRoute('decommission', 'Retire an available side for good (DecommissionNtmsMedia)', service.decommissionMedium);

  app.post(
    '/v1/libraries/:library/media/:barcode/pool',
    {
      config: { role: 'application' },
      schema: {
        tags: ['media', 'pools'],
        summary: 'Move a medium to another pool (MoveToNtmsMediaPool)',
        description: 'Same media type only; import and unrecognized media only into the free pool; media with allocated sides stay out of the free pool until deallocated.',
        params: MediumParams,
        body: PoolMoveBodySchema,
        response: MediumAnswer,
      },
    },
    async (request) => service.moveMediumToPool(request.params.library, request.params.barcode, request.body.pool, callerOf(request)),
  );

  app.post(
    '/v1/libraries/:library/media-swaps',
    {
      config: { role: 'application' },
      schema: {
        tags: ['media'],
        summary: 'Swap the logical media of two sides (SwapNtmsMedia)',
        description: 'The two sides of one two-sided medium, or sides of two media in one pool; states and owning application trade places, allocation and mount counts stay with the physical side. Answers the media changed.',
        params: LibraryParams,
        body: SwapBodySchema,
        response: { 200: List(MediumViewSchema), ...ErrorResponses },
      },
    },
    async (request) => service.swapSides({ library: request.params.library, ...request.body }, callerOf(request)),
  );

  app.delete(
    '/v1/libraries/:library/media/:barcode',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['media'],
        summary: 'Forget a medium that left the library for good (DeleteNtmsMedia)',
        description: 'Only a medium outside the library (ejected) whose sides no application holds; answers the medium as it was.',
        params: MediumParams,
        response: MediumAnswer,
      },
    },
    async (request) => service.deleteMedium(request.params.library, request.params.barcode, callerOf(request)),
  );

  app.patch(
    '/v1/pools/:pool',
    {
      config: { role: 'application' },
      schema: {
        tags: ['pools'],
        summary: "Change an application pool's allocation policies (SetNtmsObjectInformation: AllocationPolicy, DeallocationPolicy, dwMaxAllocates)",
        params: PoolParams,
        body: PoolPolicySchema,
        response: { 200: PoolSchema, ...ErrorResponses },
      },
    },
    async (request) => service.setPoolPolicy(request.params.pool, request.body, callerOf(request)),
  );

  app.delete(
    '/v1/pools/:pool',
    {
      config: { role: 'application' },
      schema: {
        tags: ['pools'],
        summary: 'Delete an empty application pool (DeleteNtmsMediaPool)',
        description: '409 INVALID_STATE while it holds media or pools; system pools (free, import, unrecognized) are never deleted (400). Answers the pool as it was.',
        params: PoolParams,
        response: { 200: PoolSchema, ...ErrorResponses },
      },
    },
    async (request) => service.deletePool(request.params.pool, callerOf(request)),
  );
};
