// Prometheus metrics of one API server, in a registry of its own (two servers in one process — as
// in tests and the bench — must not share counters). HTTP latency comes from the server's hooks,
// request transitions and mounts from the manager's events, queue depths and the requests still
// open from the manager itself at scrape time, so a scrape shows the queue as it is now.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { FINISHED_REQUEST_STATES, REQUEST_STATES } from '../../rsm/catalog/index.ts';
import type { ManagerEvent } from '../../rsm/events.ts';
import type { StorageService } from '../../rsm/service.ts';
import { registerLibraryGauges } from './libraryGauges.ts';

const OPEN_STATES = REQUEST_STATES.filter((s) => !FINISHED_REQUEST_STATES.includes(s));

export interface ApiMetricsOptions {
  readonly service: StorageService;
  /** Process metrics (CPU, memory, event loop lag, GC); default true. */
  readonly defaultMetrics?: boolean;
  /** Counts the SSE clients connected now. */
  readonly sseClients?: () => number;
}

export class ApiMetrics {
  readonly registry = new Registry();
  readonly #httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly #transitions: Counter<'library' | 'kind' | 'state'>;
  readonly #mounts: Counter<'library'>;
  readonly #events: Counter<'type'>;

  constructor(options: ApiMetricsOptions) {
    const { service } = options;
    const registers = [this.registry];
    this.#httpDuration = new Histogram({
      name: 'changer_http_request_duration_seconds',
      help: 'HTTP request duration by method, route (the route pattern, "unmatched" for 404s) and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.#transitions = new Counter({
      name: 'changer_request_transitions_total',
      help: 'Library requests entering each state, by library and kind (since this manager started)',
      labelNames: ['library', 'kind', 'state'],
      registers,
    });
    this.#mounts = new Counter({
      name: 'changer_mounts_total',
      help: 'Mount requests completed, by library (since this manager started)',
      labelNames: ['library'],
      registers,
    });
    this.#events = new Counter({ name: 'changer_events_total', help: 'Manager events published, by type', labelNames: ['type'], registers });
    new Gauge({
      name: 'changer_request_queue_depth',
      help: 'Requests waiting for the robot or a drive, by library',
      labelNames: ['library'],
      registers,
      async collect() {
        const libraries = await service.libraries().catch(() => []);
        this.reset();
        for (const library of libraries) this.set({ library: library.name }, library.queuedRequests);
      },
    });
    new Gauge({
      name: 'changer_requests',
      help: 'Requests not yet finished, by library, kind and state',
      labelNames: ['library', 'kind', 'state'],
      registers,
      async collect() {
        const open = await service.requests({ states: OPEN_STATES }).catch(() => []);
        this.reset();
        for (const r of open) this.inc({ library: r.libraryName, kind: r.kind, state: r.state });
      },
    });
    const sseClients = options.sseClients;
    if (sseClients !== undefined) {
      new Gauge({
        name: 'changer_sse_clients',
        help: 'Clients following GET /v1/events',
        registers,
        collect() {
          this.set(sseClients());
        },
      });
    }
    registerLibraryGauges(service, this.registry);
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.#httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  observeEvent(event: ManagerEvent): void {
    this.#events.inc({ type: event.type });
    if (event.type !== 'request') return;
    const library = event.library ?? '';
    this.#transitions.inc({ library, kind: event.request.kind, state: event.request.state });
    if (event.request.kind === 'mount' && event.request.state === 'completed') this.#mounts.inc({ library });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
