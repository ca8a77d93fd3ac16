// Request rows follow their jobs: every state change is written to the catalog (with its history
// note) and published as one event, in order per request. Writes for one request are chained, so
// the scheduler's quick `waiting` → `in-progress` → outcome never race each other.
import type { Lease, LibraryRequest, RequestState } from '../../catalog/index.ts';
import { FINISHED_REQUEST_STATES, isCatalogError } from '../../catalog/index.ts';
import type { ManagerContext } from '../context.ts';
import { errorMessage } from '../errors.ts';

export interface FinalState {
  readonly state: 'completed' | 'failed' | 'cancelled' | 'timed-out';
  readonly errorCode?: string | null;
  readonly note?: string | null;
  /** The drive a mount that named none ended in, so clients learn it from the request. */
  readonly driveIndex?: number;
}

export class RequestTracker {
  readonly #chains = new Map<number, Promise<unknown>>();

  constructor(
    private readonly ctx: ManagerContext,
    private readonly libraryName: (libraryId: string) => string,
  ) {}

  #chain<T>(id: number, work: () => Promise<T>): Promise<T> {
    const previous = this.#chains.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.catch(() => undefined);
    this.#chains.set(id, settled);
    void settled.then(() => {
      if (this.#chains.get(id) === settled) this.#chains.delete(id);
    });
    return next;
  }

  #publish(request: LibraryRequest, previous: RequestState | null): void {
    this.ctx.bus.publish({ type: 'request', library: this.libraryName(request.libraryId), request, previous });
  }

  /** A new request was written: the first event of its life. */
  announce(request: LibraryRequest): void {
    this.#publish(request, null);
  }

  /** The job took its first step: claim the request under the library's lease. */
  started(id: number, lease: Lease): Promise<LibraryRequest | undefined> {
    return this.#chain(id, async () => {
      const before = await this.ctx.catalog.requests.get(id);
      if (before.state === 'in-progress' || FINISHED_REQUEST_STATES.includes(before.state)) return undefined;
      const claimed = await this.ctx.catalog.requests.claim(id, lease);
      this.#publish(claimed, before.state);
      return claimed;
    }).catch((error: unknown) => this.#lost(id, error));
  }

  /** The job waits for a busy drive, the robot, or a person. */
  waiting(id: number, note: string | null = null): Promise<LibraryRequest | undefined> {
    return this.#chain(id, async () => {
      const before = await this.ctx.catalog.requests.get(id);
      if (before.state === 'waiting' || FINISHED_REQUEST_STATES.includes(before.state)) return undefined;
      const after = await this.ctx.catalog.requests.transition(id, 'waiting', { note });
      this.#publish(after, before.state);
      return after;
    }).catch((error: unknown) => this.#lost(id, error));
  }

  /**
   * End the request, unless it already ended (a cancel and an outcome may cross). Work found
   * already done (a mount whose cartridge is in the drive) never went through `in-progress`; the
   * catalog only completes started requests, so it is started first.
   */
  finish(id: number, final: FinalState): Promise<LibraryRequest | undefined> {
    return this.#chain(id, async () => {
      let before = await this.ctx.catalog.requests.get(id);
      if (FINISHED_REQUEST_STATES.includes(before.state)) return undefined;
      if (final.state === 'completed' && before.state !== 'in-progress') {
        const started = await this.ctx.catalog.requests.transition(id, 'in-progress', { note: 'found already done' });
        this.#publish(started, before.state);
        before = started;
      }
      const after = await this.ctx.catalog.requests.transition(id, final.state, { errorCode: final.errorCode ?? null, note: final.note ?? null, ...(final.driveIndex === undefined ? {} : { driveIndex: final.driveIndex }) });
      this.#publish(after, before.state);
      return after;
    }).catch((error: unknown) => this.#lost(id, error));
  }

  #lost(id: number, error: unknown): undefined {
    // A request that changed state under us (another writer finished it) needs nothing more.
    if (isCatalogError(error, 'INVALID_STATE')) this.ctx.logger.warn({ request: id, err: errorMessage(error) }, 'request state not recorded');
    else this.ctx.logger.error({ request: id, err: errorMessage(error) }, 'could not record a request state');
    return undefined;
  }

  /** Resolves once every write queued so far has landed (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.#chains.values()]);
  }
}
