// Media in the catalog: a filtered listing, and one medium by library and barcode.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { MediumState, SideState } from '../../rsm/catalog/index.ts';
import type { MediumView } from '../../rsm/service.ts';
import { List, splitList } from '../schemas/common.ts';
import { MediaQuerySchema, MediumParams, MediumViewSchema } from '../schemas/medium.ts';
import { ErrorResponses } from '../schemas/problem.ts';
import type { RouteContext } from './context.ts';
import { LoopSlices } from '../loopSlices.ts';
import { KeptJson } from './keptJson.ts';
import { ListingCache } from './listingCache.ts';
import { WholeListing } from './wholeListing.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

export const mediaRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, { service }) => {
  const listings = new ListingCache();
  const texts = new KeptJson<MediumView>();
  // Pages and lists are the heavy reads 200 clients make at once: in slices, so timers and mounts get the loop between them.
  const slices = new LoopSlices();
  const pages = new WholeListing<MediumView>();
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
    async (request, reply) => {
      // Taken before reading: whatever is read next is at least this new (listingCache.ts).
      const mark = await service.mediaChangeMark();
      // Answers are sent in turns: 200 of them at once held the loop 30–55 ms (after the mark: on
      // PostgreSQL its answer wakes every request that waited for it at once). A read from the
      // catalog that finished before the loop moved on (SQLite's, when its connection is free)
      // is sent at once: in turns, those got a third of the throughput under a 10 % mount mix
      // (1544 → 597 req/s, slowest page 0.8 → 2.4 s).
      const kept = listings.get(request.url, mark);
      let spanned = kept !== undefined;
      const probe = kept === undefined ? setImmediate(() => (spanned = true)) : undefined;
      const body =
        kept ??
        (await listings.answer(request.url, mark, async () => {
          const { state, sideState, ...query } = request.query;
          const read = (): Promise<readonly MediumView[]> =>
            service.media({ ...query, ...(state !== undefined ? { states: splitList<MediumState>(state) } : {}), ...(sideState !== undefined ? { sideStates: splitList<SideState>(sideState) } : {}) });
          // A page of the unfiltered list read while others are: cut from one read of the whole list (wholeListing.ts).
          const { limit, offset = 0, ...filter } = request.query;
          const media = limit !== undefined && Object.values(filter).every((value) => value === undefined) ? await pages.page(mark, offset, limit, read, () => service.media({})) : await read();
          // Each medium by the serializer the route's response schema uses for it: the same bytes as serializing the list.
          const serializeMedium = serializerOf(reply as FastifyReply);
          return texts.array(media, serializeMedium);
        }));
      clearImmediate(probe);
      if (spanned) await slices.turn();
      // The bytes bypass the typed send, which takes only the schema's objects.
      return (reply as FastifyReply).type(JSON_TYPE).send(body);
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

/** The serializer for one medium's view that Fastify compiles (once per route) from the schema the list's items have. */
function serializerOf(reply: FastifyReply): (view: MediumView) => string {
  // Fastify types the schema and the payload as string-keyed records; TypeBox's and the view's types are not.
  const compile = reply.compileSerializationSchema.bind(reply) as unknown as (schema: typeof MediumViewSchema, status: number) => (view: MediumView) => string;
  return compile(MediumViewSchema, 200);
}
