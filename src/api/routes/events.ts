// GET /v1/events: the manager's events as Server-Sent Events. A client that reconnects sends
// Last-Event-ID and gets the events it missed from the hub's buffer, or — when they are no longer
// there — an `event: resync` first, telling it to reload what it follows.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { EventHub } from '../events/eventHub.ts';
import { SseStream } from '../events/sseStream.ts';
import { ErrorResponses } from '../schemas/problem.ts';

export interface EventRouteOptions {
  readonly hub: EventHub;
  readonly heartbeatMs: number;
  readonly reconnectMs: number;
}

export const eventRoutes: FastifyPluginAsyncTypebox<EventRouteOptions> = async (app, { hub, heartbeatMs, reconnectMs }) => {
  const streams = new Set<SseStream>();
  // Open streams would keep close() waiting forever: end them first.
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
    streams.clear();
  });

  app.get(
    '/v1/events',
    {
      config: { role: 'reader' },
      // HEAD would open a stream with nothing to send and never end.
      exposeHeadRoute: false,
      schema: {
        tags: ['events'],
        summary: 'Every change of state, as Server-Sent Events',
        description:
          'text/event-stream. Each event: `id: <seq>`, `event: <type>` (request, medium, drive, element, operator-request, library), ' +
          '`data: <ManagerEvent JSON>`. Send Last-Event-ID to resume after an event; `event: resync` says events were missed. ' +
          'A `: heartbeat` comment comes every 15 s.',
        headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })) }),
        produces: ['text/event-stream'],
        response: { 200: Type.String({ description: 'text/event-stream' }), ...ErrorResponses },
      },
    },
    (request, reply) => {
      const header = request.headers['last-event-id'];
      const lastSeq = header === undefined ? undefined : Number(header);
      reply.hijack();
      const stream = new SseStream(reply.raw, heartbeatMs, reconnectMs);
      streams.add(stream);
      const { replay, detach } = hub.attach((event) => {
        stream.send(event);
        if (stream.ended) finish();
      }, lastSeq);
      const finish = (): void => {
        detach();
        streams.delete(stream);
        stream.end();
      };
      if (!replay.complete) stream.notice('resync', { lastEventId: lastSeq ?? null, latest: hub.lastSeq, replayed: replay.events.length });
      for (const event of replay.events) stream.send(event);
      request.log.info({ caller: request.caller?.token, application: request.caller?.application, lastEventId: lastSeq ?? null, replayed: replay.events.length }, 'event stream opened');
      request.raw.on('close', () => {
        finish();
        request.log.info({ caller: request.caller?.token }, 'event stream closed');
      });
    },
  );
};
