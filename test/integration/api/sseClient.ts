// A Server-Sent Events reader for the tests: fetch's body stream cut into messages by the
// text/event-stream rules (fields, blank line ends a message, `:` lines are comments).
import assert from 'node:assert/strict';

export interface SseMessage {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: string;
}

export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  readonly #abort = new AbortController();
  readonly #waiters = new Set<() => void>();
  #ended = false;

  private constructor(readonly response: Response) {}

  static async open(url: string, token: string, lastEventId?: string): Promise<SseClient> {
    const abort = new AbortController();
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    const response = await fetch(`${url}/v1/events`, { headers, signal: abort.signal });
    assert.equal(response.status, 200);
    const client = new SseClient(response);
    client.#abort.signal.addEventListener('abort', () => abort.abort());
    void client.#read();
    return client;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** The first message (already received or still to come) after index `from` that matches. */
  async next(match: (m: SseMessage) => boolean, from = 0, timeoutMs = 20_000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found !== undefined) return found;
      if (this.#ended) throw new Error('the event stream ended');
      if (Date.now() > deadline) throw new Error(`no matching event within ${timeoutMs} ms; got ${this.messages.map((m) => m.event).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.#waiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.#abort.abort();
  }

  #wake(): void {
    for (const wake of this.#waiters) wake();
    this.#waiters.clear();
  }

  async #read(): Promise<void> {
    const body = this.response.body;
    if (body === null) return;
    const decoder = new TextDecoder();
    let buffer = '';
    let fields: { id?: string; event?: string; data: string[] } = { data: [] };
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          if (line === '') {
            if (fields.data.length > 0 || fields.event !== undefined) {
              this.messages.push({ id: fields.id, event: fields.event ?? 'message', data: fields.data.join('\n') });
            }
            fields = { data: [] };
            continue;
          }
          if (line.startsWith(':')) {
            this.comments.push(line.slice(1).trim());
            continue;
          }
          const colon = line.indexOf(':');
          const name = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (name === 'data') fields.data.push(value);
          else if (name === 'id') fields.id = value;
          else if (name === 'event') fields.event = value;
        }
        this.#wake();
      }
    } catch {
      // aborted by close(), or the server went away
    } finally {
      this.#ended = true;
      this.#wake();
    }
  }
}
