// One log line per request with who asked (token name, role, application — never the secret),
// and the HTTP latency metric. Authorization headers are never logged: nothing here reads them.
import type { FastifyInstance } from 'fastify';
import type { ApiMetrics } from './metrics/apiMetrics.ts';

export function logAndMeasureRequests(app: FastifyInstance, metrics: ApiMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const ms = reply.elapsedTime;
    metrics.observeHttp(request.method, route, reply.statusCode, ms / 1000);
    const caller = request.caller;
    request.log.info(
      {
        method: request.method,
        url: request.url,
        route,
        status: reply.statusCode,
        ms: Math.round(ms * 10) / 10,
        token: caller?.token ?? null,
        role: caller?.role ?? null,
        application: caller?.application ?? null,
      },
      'request',
    );
  });
}
