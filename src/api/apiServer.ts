// The manager's HTTP API: a Fastify server whose route groups are plugins with their own TypeBox
// schemas (which validate requests, serialize answers, and make the OpenAPI document). Public:
// /healthz, /docs, /openapi.json. Everything else needs a bearer token of a sufficient role.
import { TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { pino } from 'pino';
import type { StorageService } from '../rsm/service.ts';
import { ApiError } from './apiError.ts';
import { authenticator, checkLibraryScope } from './auth/authentication.ts';
import type { TokenStore } from './auth/tokenStore.ts';
import type { EmbeddedLibraryLookup } from './routes/frontPanel.ts';
import { problemFor } from './errorMapping.ts';
import { EventHub } from './events/eventHub.ts';
import { acceptEmptyJsonBodies, refuseNonJsonBodies } from './jsonBody.ts';
import { ApiMetrics } from './metrics/apiMetrics.ts';
import { registerOpenApi } from './openapi.ts';
import { instanceOf, makeProblem, PROBLEM_CONTENT_TYPE } from './problem.ts';
import { requestIdOf } from './requestId.ts';
import { addSecurityHeaders } from './securityHeaders.ts';
import { registerWebUi } from './webUi.ts';
import { logAndMeasureRequests } from './requestLog.ts';
import { eventRoutes } from './routes/events.ts';
import { frontPanelRoutes } from './routes/frontPanel.ts';
import { healthRoutes } from './routes/health.ts';
import { libraryRoutes } from './routes/libraries.ts';
import { libraryWorkRoutes } from './routes/libraryWork.ts';
import { mediaRoutes } from './routes/media.ts';
import { mediaLifecycleRoutes } from './routes/mediaLifecycle.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { mountRoutes } from './routes/mounts.ts';
import { objectControlRoutes } from './routes/objectControl.ts';
import { operatorRequestRoutes } from './routes/operatorRequests.ts';
import { poolRoutes } from './routes/pools.ts';
import { requestOrderRoutes } from './routes/requestOrder.ts';
import { requestRoutes } from './routes/requests.ts';
import { sessionRoutes } from './routes/session.ts';
import { tokenRoutes } from './routes/tokens.ts';

export interface ApiServerOptions {
  readonly service: StorageService;
  readonly tokens: TokenStore;
  /** Structured log (one line per request); default: silent. */
  readonly logger?: FastifyBaseLogger;
  /** Default: a registry of this server's own, with process metrics. */
  readonly metrics?: ApiMetrics;
  /** Front panels of embedded virtual libraries; without it the front-panel routes answer 409. */
  readonly embedded?: EmbeddedLibraryLookup;
  readonly events?: {
    /** Events kept for Last-Event-ID replay (default 1000). */
    readonly bufferSize?: number;
    /** Heartbeat comment interval (default 15 s). */
    readonly heartbeatMs?: number;
    /** The `retry:` a client waits before reconnecting (default 3 s). */
    readonly reconnectMs?: number;
  };
  /** The built web UI (default: dist/web of this checkout or package). */
  readonly webRoot?: string;
  /** Largest accepted body (default 1 MiB). */
  readonly bodyLimit?: number;
}

/** Errors before routing (a URL that is not valid percent-encoding) are problems like the rest. */
function badRequestLine(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const problem = makeProblem(400, 'INVALID_PARAMETER', `the request URL cannot be read: ${error.message}`, instanceOf(request.url));
  void reply.code(400).type(PROBLEM_CONTENT_TYPE).send(problem);
}

const noEmbeddedLibraries: EmbeddedLibraryLookup = () => undefined;

export function buildApiServer(options: ApiServerOptions): FastifyInstance {
  const { service, tokens } = options;
  const app = Fastify({
    loggerInstance: options.logger ?? pino({ level: 'silent' }),
    // Our own onResponse hook logs one line per request, with who asked.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    genReqId: requestIdOf,
    // Fastify's own 503 while closing is plain JSON; ours (below) is a problem like every error.
    return503OnClosing: false,
    // close() must not wait on sockets of clients that went away mid-stream (SSE, long polls).
    forceCloseConnections: true,
    frameworkErrors: badRequestLine,
  }).withTypeProvider<TypeBoxTypeProvider>();
  // TypeBox's validator: strict bodies ("1" is not a drive number), converted query strings and
  // params, and every failing field reported at once.
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  app.decorateRequest('caller', null);
  acceptEmptyJsonBodies(app);
  refuseNonJsonBodies(app);
  addSecurityHeaders(app);

  const hub = new EventHub(service, options.events?.bufferSize ?? 1000);
  const metrics = options.metrics ?? new ApiMetrics({ service, sseClients: () => hub.clientCount });
  const unobserve = hub.observe((event) => metrics.observeEvent(event));
  app.addHook('onClose', async () => {
    unobserve();
    hub.close();
  });

  app.setErrorHandler((error, request, reply) => {
    const { problem, internal } = problemFor(error, instanceOf(request.url), request.id);
    if (internal) request.log.error({ err: error, url: request.url }, 'request failed');
    else if (problem.status >= 500) request.log.warn({ code: problem.code, detail: problem.detail, url: request.url }, 'request refused');
    reply.code(problem.status).type(PROBLEM_CONTENT_TYPE);
    if (problem.status === 401) reply.header('www-authenticate', 'Bearer realm="changer"');
    return reply.send(problem);
  });
  app.setNotFoundHandler((request, reply) => {
    const problem = makeProblem(404, 'ROUTE_NOT_FOUND', `no route ${request.method} ${instanceOf(request.url)}; see /docs for the API`, instanceOf(request.url));
    return reply.code(404).type(PROBLEM_CONTENT_TYPE).send(problem);
  });
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async () => {
    if (closing) throw new ApiError(503, 'SHUTTING_DOWN', 'the manager is shutting down; try again when it is back');
  });
  // A POST without a body means "no parameters": validate it as {}.
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined && request.method !== 'GET' && request.method !== 'HEAD') request.body = {};
  });
  logAndMeasureRequests(app, metrics);

  registerOpenApi(app);
  void app.register(healthRoutes);
  // The operator's page (public: it holds no data; it asks for a token and calls the API).
  void app.register(async (page) => registerWebUi(page, options.webRoot));
  const eventOptions = { heartbeatMs: options.events?.heartbeatMs ?? 15_000, reconnectMs: options.events?.reconnectMs ?? 3000 };
  void app.register(async (protectedScope) => {
    protectedScope.addHook('onRequest', authenticator(tokens));
    protectedScope.addHook('preHandler', checkLibraryScope);
    const context = { service };
    await protectedScope.register(libraryRoutes, context);
    await protectedScope.register(libraryWorkRoutes, context);
    await protectedScope.register(mediaRoutes, context);
    await protectedScope.register(mediaLifecycleRoutes, context);
    await protectedScope.register(mountRoutes, context);
    await protectedScope.register(requestRoutes, context);
    await protectedScope.register(poolRoutes, context);
    await protectedScope.register(operatorRequestRoutes, context);
    await protectedScope.register(requestOrderRoutes, context);
    await protectedScope.register(objectControlRoutes, context);
    await protectedScope.register(frontPanelRoutes, { service, embedded: options.embedded ?? noEmbeddedLibraries });
    await protectedScope.register(eventRoutes, { hub, ...eventOptions });
    await protectedScope.register(tokenRoutes, { tokens });
    await protectedScope.register(sessionRoutes);
    await protectedScope.register(metricsRoutes, { metrics });
  });
  return app;
}
