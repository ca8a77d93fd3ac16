// The manager's HTTP API as typed calls (the route table of src/api, the shapes of rsm/service.ts).
// Global fetch (Node 20); one instance per command run. Every failure is a ManagerError.
import type { OperatorRequest, Pool, PoolPolicy } from '../../rsm/catalog/index.ts';
import type { ManagerEvent } from '../../rsm/events.ts';
import type {
  CleanOrder, DismountOrder, EjectOrder, InjectOrder, InventoryOrder, LibraryDetail, LibrarySummary, MediaQuery, MediumView, MountOrder,
  MoveOrder, NewPool, OperatorRequestQuery, RequestQuery, RequestView, MailslotClosing,
} from '../../rsm/service.ts';
import type { ApiToken, IssuedToken } from '../../api/auth/tokenStore.ts';
import type { Role } from '../../api/auth/roles.ts';
import type { AccessScope } from '../../rsm/accessScope.ts';
import type { CleaningReport, ObjectInformation, ObjectRef, ObjectState, OperatorRequestOrder, PurgeResult, QueuePosition, QueuedRequest, SlotAuditOrder } from '../../rsm/operationsContract.ts';
import type { AllocateOrder, MediumAllocation, SideOrder, SwapOrder } from '../../rsm/mediaContract.ts';
import { readEventStream } from './eventStream.ts';
import { ManagerError } from './managerError.ts';
import { problemFrom } from './problem.ts';

export interface RsmClientOptions {
  /** Base URL, e.g. http://127.0.0.1:7800 (serverAddress.ts). */
  readonly server: string;
  readonly token?: string | undefined;
  /** How long a call may take beyond any `wait` it asks the manager for. */
  readonly callTimeoutMs?: number;
}

type Query = Readonly<Record<string, string | number | readonly string[] | undefined>>;

const DEFAULT_CALL_TIMEOUT_MS = 30_000;

const MANAGER_EVENT_TYPES: ReadonlySet<string> = new Set<ManagerEvent['type']>(['request', 'medium', 'drive', 'element', 'operator-request', 'library']);

export class RsmClient {
  readonly server: string;
  private readonly token: string | undefined;
  private readonly callTimeoutMs: number;

  constructor(options: RsmClientOptions) {
    this.server = options.server.replace(/\/+$/, '');
    this.token = options.token;
    this.callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  }

  libraries(): Promise<LibrarySummary[]> {
    return this.call('GET', '/v1/libraries');
  }

  library(name: string): Promise<LibraryDetail> {
    return this.call('GET', `/v1/libraries/${seg(name)}`);
  }

  media(query: MediaQuery = {}): Promise<MediumView[]> {
    const { states, sideStates, ...rest } = query;
    return this.call('GET', '/v1/media', { query: { ...rest, state: states, sideState: sideStates } });
  }

  medium(library: string, barcode: string): Promise<MediumView> {
    return this.call('GET', `/v1/libraries/${seg(library)}/media/${seg(barcode)}`);
  }

  pools(): Promise<Pool[]> {
    return this.call('GET', '/v1/pools');
  }

  createPool(pool: NewPool): Promise<Pool> {
    return this.call('POST', '/v1/pools', { body: pool });
  }

  // The media services (rsm/mediaContract.ts): catalog changes answered at once.

  deletePool(name: string): Promise<Pool> {
    return this.call('DELETE', `/v1/pools/${seg(name)}`);
  }

  setPoolPolicy(name: string, policy: PoolPolicy): Promise<Pool> {
    return this.call('PATCH', `/v1/pools/${seg(name)}`, { body: policy });
  }

  allocate(order: AllocateOrder): Promise<MediumAllocation> {
    return this.call('POST', '/v1/allocations', { body: order });
  }

  /** deallocate, complete or decommission one side. */
  changeSide(action: 'deallocate' | 'complete' | 'decommission', order: SideOrder): Promise<MediumView> {
    return this.call('POST', `/v1/libraries/${seg(order.library)}/media/${seg(order.barcode)}/${action}`, { body: order.side === undefined ? {} : { side: order.side } });
  }

  moveMediumToPool(library: string, barcode: string, pool: string): Promise<MediumView> {
    return this.call('POST', `/v1/libraries/${seg(library)}/media/${seg(barcode)}/pool`, { body: { pool } });
  }

  swapSides(order: SwapOrder): Promise<MediumView[]> {
    const { library, ...body } = order;
    return this.call('POST', `/v1/libraries/${seg(library)}/media-swaps`, { body });
  }

  deleteMedium(library: string, barcode: string): Promise<MediumView> {
    return this.call('DELETE', `/v1/libraries/${seg(library)}/media/${seg(barcode)}`);
  }

  /** API tokens (admin only); the list never holds a secret. */
  tokens(): Promise<ApiToken[]> {
    return this.call('GET', '/v1/tokens');
  }

  /** The one answer that holds the new token's secret. */
  createToken(name: string, role: Role, scope?: AccessScope): Promise<IssuedToken> {
    return this.call('POST', '/v1/tokens', { body: { name, role, ...(scope !== undefined ? { scope } : {}) } });
  }

  revokeToken(id: string): Promise<ApiToken> {
    return this.call('DELETE', `/v1/tokens/${seg(id)}`);
  }

  /** `waitMs`: the manager holds the answer until the request is final or that time has passed. */
  mount(order: MountOrder, waitMs?: number): Promise<RequestView> {
    return this.call('POST', '/v1/mounts', { body: order, waitMs });
  }

  dismount(order: DismountOrder, waitMs?: number): Promise<RequestView> {
    return this.call('POST', '/v1/dismounts', { body: order, waitMs });
  }

  move(order: MoveOrder, waitMs?: number): Promise<RequestView> {
    const { library, ...body } = order;
    return this.call('POST', `/v1/libraries/${seg(library)}/moves`, { body, waitMs });
  }

  inject(order: InjectOrder): Promise<RequestView> {
    return this.libraryOrder('inject', order);
  }

  eject(order: EjectOrder): Promise<RequestView> {
    return this.libraryOrder('eject', order);
  }

  inventory(order: InventoryOrder): Promise<RequestView> {
    return this.libraryOrder('inventory', order);
  }

  clean(order: CleanOrder): Promise<RequestView> {
    return this.libraryOrder('clean', order);
  }

  requests(query: RequestQuery = {}): Promise<RequestView[]> {
    return this.call('GET', '/v1/requests', { query: { library: query.library, state: query.states, kind: query.kinds, limit: query.limit } });
  }

  request(id: number, waitMs?: number): Promise<RequestView> {
    return this.call('GET', `/v1/requests/${id}`, { waitMs });
  }

  cancelRequest(id: number): Promise<RequestView> {
    return this.call('POST', `/v1/requests/${id}/cancel`);
  }

  operatorRequests(query: OperatorRequestQuery = {}): Promise<OperatorRequest[]> {
    return this.call('GET', '/v1/operator-requests', { query: { library: query.library, state: query.states, kind: query.kinds } });
  }

  closeMailslot(library: string): Promise<MailslotClosing> {
    return this.call('POST', `/v1/libraries/${seg(library)}/mailslot/close`);
  }

  acknowledgeOperatorRequest(id: number): Promise<OperatorRequest> {
    return this.call('POST', `/v1/operator-requests/${id}/acknowledge`);
  }

  refuseOperatorRequest(id: number, reason?: string): Promise<OperatorRequest> {
    return this.call('POST', `/v1/operator-requests/${id}/refuse`, { body: reason === undefined ? {} : { reason } });
  }

  completeOperatorRequest(id: number): Promise<OperatorRequest> {
    return this.call('POST', `/v1/operator-requests/${id}/complete`);
  }

  submitOperatorRequest(order: OperatorRequestOrder): Promise<OperatorRequest> {
    return this.call('POST', '/v1/operator-requests', { body: order });
  }

  reportDriveNeedsCleaning(library: string, drive: number): Promise<CleaningReport> {
    return this.call('POST', `/v1/libraries/${seg(library)}/drives/${drive}/needs-cleaning`);
  }

  requestQueue(library: string): Promise<QueuedRequest[]> {
    return this.call('GET', `/v1/libraries/${seg(library)}/queue`);
  }

  reorderRequest(id: number, position: QueuePosition): Promise<QueuedRequest[]> {
    return this.call('POST', `/v1/requests/${id}/order`, { body: { position } });
  }

  purgeRequests(olderThanDays: number, library?: string): Promise<PurgeResult> {
    return this.call('DELETE', '/v1/requests', { query: { olderThanDays, library } });
  }

  setObjectEnabled(object: ObjectRef, enabled: boolean, reason?: string): Promise<ObjectState> {
    return this.call('POST', `${objectPath(object)}/${enabled ? 'enable' : 'disable'}`, { body: !enabled && reason !== undefined ? { reason } : {} });
  }

  describeObject(object: ObjectRef, information: ObjectInformation): Promise<ObjectState> {
    return this.call('PATCH', objectPath(object), { body: information });
  }

  /** A range audit of slots (zero-based indexes); `waitMs` as for a mount. */
  auditSlots(order: SlotAuditOrder, waitMs?: number): Promise<RequestView> {
    const { library, ...body } = order;
    return this.call('POST', `/v1/libraries/${seg(library)}/audit`, { body, waitMs });
  }

  objectState(object: ObjectRef): Promise<ObjectState> {
    return this.call('GET', `${objectPath(object)}/settings`);
  }

  /**
   * The event stream, from the next event on (or after `lastEventId`, which the manager replays
   * from its buffer). Ends when `signal` aborts or the manager closes the stream.
   */
  async *events(options: { signal?: AbortSignal; lastEventId?: number; onNotice?: (name: string, data: unknown) => void } = {}): AsyncGenerator<ManagerEvent> {
    const headers: Record<string, string> = { accept: 'text/event-stream', ...this.authHeader() };
    if (options.lastEventId !== undefined) headers['last-event-id'] = String(options.lastEventId);
    const response = await this.send(`${this.server}/v1/events`, { method: 'GET', headers, ...(options.signal ? { signal: options.signal } : {}) });
    if (!response.ok) throw await problemFrom(response, this.server);
    if (response.body === null) return;
    try {
      for await (const message of readEventStream(response.body, options.signal)) {
        const data = this.parse<unknown>(message.data, `event ${message.event ?? 'message'}`);
        // Anything that is not a manager event is the stream's own notice (`resync`: events were missed).
        if (message.event !== undefined && !MANAGER_EVENT_TYPES.has(message.event)) options.onNotice?.(message.event, data);
        else yield data as ManagerEvent;
      }
    } catch (e) {
      if (options.signal?.aborted === true) return;
      throw this.unreachable(e);
    }
  }

  /** The library goes in the path, the rest of the order is the body. */
  private libraryOrder(action: string, order: { readonly library: string }): Promise<RequestView> {
    const { library, ...body } = order;
    return this.call('POST', `/v1/libraries/${seg(library)}/${action}`, { body });
  }

  private async call<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, options: { query?: Query; body?: unknown; waitMs?: number | undefined } = {}): Promise<T> {
    const url = new URL(this.server + path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      url.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
    }
    if (options.waitMs !== undefined) url.searchParams.set('wait', String(Math.max(0, Math.round(options.waitMs))));
    const headers: Record<string, string> = { accept: 'application/json', ...this.authHeader() };
    const init: RequestInit = { method, headers, signal: AbortSignal.timeout(this.callTimeoutMs + (options.waitMs ?? 0)) };
    if (method === 'POST' || method === 'PATCH') {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(options.body ?? {});
    }
    const response = await this.send(url.href, init);
    if (!response.ok) throw await problemFrom(response, this.server);
    const body = await response.text().catch((e: unknown) => {
      throw this.unreachable(e);
    });
    return this.parse<T>(body, `${method} ${path}`);
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, init);
    } catch (e) {
      throw this.unreachable(e);
    }
  }

  private authHeader(): Record<string, string> {
    return this.token === undefined ? {} : { authorization: `Bearer ${this.token}` };
  }

  private parse<T>(body: string, what: string): T {
    try {
      return JSON.parse(body) as T;
    } catch (e) {
      throw new ManagerError({ kind: 'protocol', code: 'BAD_RESPONSE', status: 200, detail: `the answer to ${what} is not JSON`, server: this.server, cause: e });
    }
  }

  /** fetch's "fetch failed" says nothing; its cause says refused, unknown host, reset, timed out. */
  private unreachable(e: unknown): ManagerError {
    const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
    const code = typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
    const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
    const detail = timedOut ? 'no answer in time' : (code ?? (cause instanceof Error ? cause.message : String(cause)));
    return new ManagerError({ kind: 'unreachable', code: timedOut ? 'TIMEOUT' : 'UNREACHABLE', status: 0, detail, server: this.server, cause: e });
  }
}

/** Where a library, drive or medium is in the API. */
function objectPath(object: ObjectRef): string {
  const library = `/v1/libraries/${seg(object.library)}`;
  if (object.type === 'library') return library;
  return object.type === 'drive' ? `${library}/drives/${object.drive}` : `${library}/media/${seg(object.barcode)}`;
}

/** One path segment: library names and barcodes may hold characters that mean something in a URL. */
function seg(value: string): string {
  return encodeURIComponent(value);
}
