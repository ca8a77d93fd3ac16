// What the page shows, kept current: loaded once over the API, then changed by the manager's
// events. Small events (a medium moved) fetch just that medium; the rest reload their list,
// at most a few times a second, so a busy library cannot flood the page with requests.
import { Api, ApiProblem, describeError } from './api.ts';
import { EventStream } from './eventStream.ts';
import type { FrontPanelStatus, LibraryDetail, LibrarySummary, ManagerEvent, Medium, OperatorRequest, RequestView, Session } from './types.ts';

const EVENTS_KEPT = 500;
const REQUESTS_SHOWN = 200;
const MEDIA_PAGE = 1000;
const FIRST_MEDIA_PAGE = 200;

/** Runs `work` once after `delayMs`, however often it is asked for meanwhile. */
class Coalesced {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;
  #again = false;

  constructor(
    private readonly delayMs: () => number,
    private readonly work: () => Promise<void>,
  ) {}

  request(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => void this.#run(), this.delayMs());
  }

  async #run(): Promise<void> {
    this.#timer = undefined;
    this.#running = true;
    try {
      await this.work();
    } finally {
      this.#running = false;
      if (this.#again) {
        this.#again = false;
        this.request();
      }
    }
  }
}

/** A request as an event carries it: the catalog's row, without what the API's view adds. */
type EventRequest = Omit<RequestView, 'libraryName' | 'barcode' | 'errorMessage' | 'history'> & { readonly mediumId: string | null };

export function placeKey(type: string, index: number): string {
  return `${type}:${index}`;
}

export class Store {
  readonly api: Api;
  libraries: readonly LibrarySummary[] = [];
  library: string | undefined;
  detail: LibraryDetail | undefined;
  /** The selected library's media by id. */
  media = new Map<string, Medium>();
  /** Medium at each place (`slot:3`) of the selected library. */
  at = new Map<string, Medium>();
  requests: readonly RequestView[] = [];
  operatorRequests: readonly OperatorRequest[] = [];
  panel: FrontPanelStatus | undefined;
  panelNote: string | undefined;
  events: ManagerEvent[] = [];
  connected = false;
  error: string | undefined;
  notice: string | undefined;
  /** The elements open operator requests are about (`slot:3`), outlined on the map. */
  highlight: ReadonlySet<string> = new Set();
  /** An element to bring into view when the map is shown next (the inbox's "Show on map"). */
  focus: string | undefined;
  /** Bumped on every change: components re-render on it. */
  version = 0;

  readonly #listeners = new Set<() => void>();
  readonly #stream: EventStream;
  #changedBarcodes = new Set<string>();
  readonly #detailReload = new Coalesced(() => ((this.detail?.elements.length ?? 0) > 1000 ? 1000 : 150), () => this.loadDetail());
  readonly #mediaReload = new Coalesced(() => 100, () => this.loadMedia());
  readonly #barcodeReload = new Coalesced(() => 50, () => this.#loadChangedMedia());
  readonly #requestReload = new Coalesced(() => 1000, () => this.loadRequests());
  readonly #panelReload = new Coalesced(() => 150, () => this.loadPanel());

  constructor(readonly session: Session & { readonly secret: string }) {
    this.api = new Api(session.secret);
    this.#stream = new EventStream(this.api.authorization, {
      onEvent: (event) => this.#apply(event),
      onResync: () => void this.reloadAll(),
      onStatus: (connected) => {
        this.connected = connected;
        this.changed();
      },
    });
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  changed(): void {
    this.version++;
    for (const listener of this.#listeners) listener();
  }

  async start(): Promise<void> {
    this.#stream.start();
    await this.reloadAll();
  }

  stop(): void {
    this.#stream.stop();
  }

  get lastEventId(): number | undefined {
    return this.#stream.lastEventId;
  }

  async reloadAll(): Promise<void> {
    await this.guard(async () => {
      this.libraries = await this.api.get<LibrarySummary[]>('/v1/libraries');
      if (this.library === undefined || !this.libraries.some((l) => l.name === this.library)) this.library = this.libraries[0]?.name;
      await Promise.all([this.loadDetail(), this.loadMedia(), this.loadRequests(), this.loadOperatorRequests(), this.loadPanel()]);
    });
  }

  async selectLibrary(name: string): Promise<void> {
    this.library = name;
    this.detail = undefined;
    this.media = new Map();
    this.at = new Map();
    this.panel = undefined;
    this.changed();
    await this.guard(() => Promise.all([this.loadDetail(), this.loadMedia(), this.loadPanel()]));
  }

  /** Runs an action; an API problem becomes the page's error banner (and `false`). */
  async guard(work: () => Promise<unknown>, done?: string): Promise<boolean> {
    try {
      await work();
      this.error = undefined;
      if (done !== undefined) this.notice = done;
      return true;
    } catch (error) {
      this.error = describeError(error);
      this.notice = undefined;
      return false;
    } finally {
      this.changed();
    }
  }

  async loadDetail(): Promise<void> {
    if (this.library === undefined) return;
    this.detail = await this.api.get<LibraryDetail>(`/v1/libraries/${encodeURIComponent(this.library)}`);
    this.changed();
  }

  /**
   * In pages: the first page draws the map's first cartridges while the rest come (a listing's
   * cost grows faster than its length, so ten pages of 1,000 beat one of 10,000). Media that are
   * not in any page any more leave the map at the end.
   */
  async loadMedia(): Promise<void> {
    const library = this.library;
    if (library === undefined) return;
    const seen = new Set<string>();
    // A small first page draws the top of the map soonest; then pages of MEDIA_PAGE.
    for (let offset = 0, size = FIRST_MEDIA_PAGE; ; offset += size, size = MEDIA_PAGE) {
      const page = await this.api.get<Medium[]>(`/v1/media?library=${encodeURIComponent(library)}&limit=${size}&offset=${offset}`);
      if (this.library !== library) return;
      for (const medium of page) {
        this.media.set(medium.id, medium);
        seen.add(medium.id);
      }
      this.#reindex();
      this.changed();
      if (page.length < size) break;
    }
    for (const id of this.media.keys()) if (!seen.has(id)) this.media.delete(id);
    this.#reindex();
    this.changed();
  }

  async loadRequests(): Promise<void> {
    const list = await this.api.get<RequestView[]>(`/v1/requests?limit=${REQUESTS_SHOWN}`);
    this.requests = [...list].sort((a, b) => b.id - a.id);
    this.changed();
  }

  async loadOperatorRequests(): Promise<void> {
    this.operatorRequests = await this.api.get<OperatorRequest[]>('/v1/operator-requests');
    this.changed();
  }

  async loadPanel(): Promise<void> {
    if (this.library === undefined) return;
    try {
      this.panel = await this.api.get<FrontPanelStatus>(`/v1/libraries/${encodeURIComponent(this.library)}/front-panel`);
      this.panelNote = undefined;
    } catch (error) {
      // 409: a real library, whose front panel is out of the manager's reach.
      if (!(error instanceof ApiProblem) || error.status !== 409) throw error;
      this.panel = undefined;
      this.panelNote = error.detail;
    }
    this.changed();
  }

  get openOperatorRequests(): readonly OperatorRequest[] {
    return this.operatorRequests.filter((r) => r.state === 'submitted' || r.state === 'acknowledged');
  }

  /** Puts one medium's new state in place (an event, or an answer that carries it). */
  putMedium(medium: Medium): void {
    if (medium.libraryName !== this.library) return;
    this.media.set(medium.id, medium);
    this.#reindex();
    this.changed();
  }

  #reindex(): void {
    const at = new Map<string, Medium>();
    for (const medium of this.media.values()) {
      if (medium.location.type !== 'outside' && medium.location.index !== undefined) at.set(placeKey(medium.location.type, medium.location.index), medium);
    }
    this.at = at;
  }

  async #loadChangedMedia(): Promise<void> {
    const barcodes = [...this.#changedBarcodes];
    this.#changedBarcodes = new Set();
    if (this.library === undefined) return;
    if (barcodes.length > 40) return this.loadMedia();
    const library = this.library;
    const found = await Promise.all(
      barcodes.map((barcode) =>
        this.api.get<Medium>(`/v1/libraries/${encodeURIComponent(library)}/media/${encodeURIComponent(barcode)}`).catch((error: unknown) => {
          if (error instanceof ApiProblem && error.status === 404) return undefined;
          throw error;
        }),
      ),
    );
    for (const medium of found) if (medium !== undefined) this.media.set(medium.id, medium);
    // A medium that is gone from the catalog (ejected and forgotten) leaves its place too.
    for (const [i, barcode] of barcodes.entries()) {
      if (found[i] !== undefined) continue;
      for (const [id, m] of this.media) if (m.barcode === barcode) this.media.delete(id);
    }
    this.#reindex();
    this.changed();
  }

  /**
   * A slot going full or empty needs no reload: the map draws cartridges from the media. Only
   * other states (a magazine out, a mailslot open) reload the library. The event names the element
   * as the front panel numbers it (`slot:12`).
   */
  #applyElement(event: ManagerEvent): boolean {
    const match = /^(\w+):(\d+)$/.exec(event.element ?? '');
    if (match === null || this.detail === undefined || (event.state !== 'full' && event.state !== 'empty')) return false;
    const element = this.detail.elements.find((e) => e.type === match[1] && e.displayNumber === Number(match[2]));
    if (element === undefined) return false;
    return element.state === 'full' || element.state === 'empty';
  }

  #applyRequest(request: EventRequest, event: ManagerEvent): void {
    const known = this.requests.find((r) => r.id === request.id);
    const barcode = known?.barcode ?? (request.mediumId === null ? null : (this.media.get(request.mediumId)?.barcode ?? null));
    const view: RequestView = {
      ...request,
      libraryName: event.library ?? known?.libraryName ?? '',
      barcode,
      errorMessage: known?.errorMessage ?? null,
      history: [...(known?.history ?? []), { state: request.state, at: event.at, note: null }],
    };
    this.requests = [view, ...this.requests.filter((r) => r.id !== request.id)].sort((a, b) => b.id - a.id).slice(0, REQUESTS_SHOWN);
  }

  #apply(event: ManagerEvent): void {
    this.events.push(event);
    if (this.events.length > EVENTS_KEPT * 1.2) this.events = this.events.slice(-EVENTS_KEPT);
    const ours = event.library === null || event.library === this.library;
    switch (event.type) {
      case 'medium':
        if (!ours) break;
        if (typeof event.barcode === 'string') {
          this.#changedBarcodes.add(event.barcode);
          this.#barcodeReload.request();
        } else this.#mediaReload.request();
        break;
      case 'element':
        if (ours && !this.#applyElement(event)) {
          this.#detailReload.request();
          this.#panelReload.request();
        }
        break;
      case 'drive':
        if (ours) {
          this.#detailReload.request();
          this.#panelReload.request();
        }
        break;
      case 'library':
        this.#detailReload.request();
        this.#panelReload.request();
        if (event.state === 'reconciled') this.#mediaReload.request();
        break;
      case 'request':
        if (event.request !== undefined) this.#applyRequest(event.request as unknown as EventRequest, event);
        // The event lacks what the list shows of a request (barcode, notes, error text): the list is reloaded soon after.
        this.#requestReload.request();
        break;
      case 'operator-request': {
        const request = event.operatorRequest;
        if (request === undefined) break;
        const others = this.operatorRequests.filter((r) => r.id !== request.id);
        this.operatorRequests = [...others, request].sort((a, b) => a.id - b.id);
        break;
      }
    }
    this.changed();
  }
}
