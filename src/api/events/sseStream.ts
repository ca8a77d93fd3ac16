// One client of GET /v1/events: the Server-Sent Events framing (`id:`/`event:`/`data:` and a blank
// line), heartbeat comments so proxies and clients see a live connection, and a limit on what a
// slow client may leave unread before it is dropped (it reconnects with Last-Event-ID).
import type { ServerResponse } from 'node:http';
import type { ManagerEvent } from '../../rsm/events.ts';

/** Unread bytes a client may fall behind by before the stream is cut. */
const MAX_BACKLOG_BYTES = 4 * 1024 * 1024;

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  // The stream ends only when one side goes away; the socket is not reused afterwards.
  connection: 'close',
  // nginx and similar proxies buffer responses unless told not to.
  'x-accel-buffering': 'no',
} as const;

export function eventFrame(event: ManagerEvent): string {
  // JSON.stringify never emits a raw newline, so the data fits on one `data:` line.
  return `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export class SseStream {
  readonly #response: ServerResponse;
  readonly #heartbeat: NodeJS.Timeout;
  #ended = false;

  constructor(response: ServerResponse, heartbeatMs: number, reconnectMs: number) {
    this.#response = response;
    response.writeHead(200, SSE_HEADERS);
    response.write(`retry: ${reconnectMs}\n: connected\n\n`);
    this.#heartbeat = setInterval(() => this.#write(`: heartbeat ${new Date().toISOString()}\n\n`), heartbeatMs);
    this.#heartbeat.unref();
  }

  get ended(): boolean {
    return this.#ended;
  }

  send(event: ManagerEvent): void {
    this.#write(eventFrame(event));
  }

  /** A named event that is not a manager event (no id, so Last-Event-ID is unaffected). */
  notice(type: string, payload: Readonly<Record<string, unknown>>): void {
    this.#write(`event: ${type}\ndata: ${JSON.stringify(payload)}\n\n`);
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    clearInterval(this.#heartbeat);
    this.#response.end();
  }

  #write(text: string): void {
    if (this.#ended) return;
    if (this.#response.writableLength > MAX_BACKLOG_BYTES) {
      this.#ended = true;
      clearInterval(this.#heartbeat);
      this.#response.destroy();
      return;
    }
    this.#response.write(text);
  }
}
