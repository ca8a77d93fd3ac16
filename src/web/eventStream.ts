// The manager's events (GET /v1/events) for the page. EventSource cannot send the bearer token,
// so the stream is read with fetch and parsed here. After a drop it reconnects with Last-Event-ID,
// so the manager replays what was missed; when it says `resync` (the events are gone from its
// buffer, or it restarted) the page reloads what it shows instead of trusting a gap.
import type { ManagerEvent } from './types.ts';

export interface EventStreamHandlers {
  onEvent(event: ManagerEvent): void;
  /** Events were missed: reload everything shown. */
  onResync(): void;
  onStatus(connected: boolean): void;
}

export class EventStream {
  #lastEventId: number | undefined;
  #controller: AbortController | undefined;
  #stopped = false;
  #retryMs = 3000;

  constructor(
    private readonly authorization: string,
    private readonly handlers: EventStreamHandlers,
  ) {}

  get lastEventId(): number | undefined {
    return this.#lastEventId;
  }

  start(): void {
    // A lost network leaves a stream hanging until TCP gives up: drop it at once, and come back
    // as soon as the browser is online again instead of after the retry delay.
    addEventListener('offline', this.#dropped);
    addEventListener('online', this.#online);
    void this.#run();
  }

  stop(): void {
    this.#stopped = true;
    removeEventListener('offline', this.#dropped);
    removeEventListener('online', this.#online);
    this.#controller?.abort();
    this.#wake?.();
  }

  readonly #dropped = (): void => this.#controller?.abort();
  readonly #online = (): void => this.#wake?.();
  #wake: (() => void) | undefined;

  async #run(): Promise<void> {
    while (!this.#stopped) {
      const controller = new AbortController();
      this.#controller = controller;
      try {
        const headers: Record<string, string> = { authorization: this.authorization, accept: 'text/event-stream' };
        if (this.#lastEventId !== undefined) headers['last-event-id'] = String(this.#lastEventId);
        const response = await fetch('/v1/events', { headers, signal: controller.signal });
        if (!response.ok || response.body === null) throw new Error(`HTTP ${response.status}`);
        this.handlers.onStatus(true);
        await this.#read(response.body);
      } catch {
        // Aborted, dropped or refused: said through onStatus, then tried again.
      }
      this.handlers.onStatus(false);
      if (this.#stopped) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => resolve(), navigator.onLine ? this.#retryMs : 2 ** 31 - 1);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }

  async #read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        this.#frame(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  }

  #frame(frame: string): void {
    let type = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of frame.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) this.#retryMs = Number(value);
    }
    if (id !== undefined && /^\d+$/.test(id)) this.#lastEventId = Number(id);
    if (type === 'resync') {
      this.handlers.onResync();
      return;
    }
    if (data.length === 0) return;
    this.handlers.onEvent(JSON.parse(data.join('\n')) as ManagerEvent);
  }
}
