// One subscription to the manager's event stream, shared by every SSE client, with the latest
// events kept in a bounded buffer so a client that reconnects with Last-Event-ID gets what it
// missed. When the buffer no longer reaches back that far, the client is told (`complete: false`)
// so it can reload the state it follows instead of silently missing changes.
import type { ManagerEvent } from '../../rsm/events.ts';
import type { StorageService } from '../../rsm/service.ts';

export type EventListener = (event: ManagerEvent) => void;

export interface Replay {
  readonly events: readonly ManagerEvent[];
  /** False when events after `lastSeq` have already left the buffer (or came from another process). */
  readonly complete: boolean;
}

export class EventHub {
  readonly #capacity: number;
  /** Oldest first; trimmed to `capacity` in batches so a busy stream does not shift on every event. */
  #buffer: ManagerEvent[] = [];
  readonly #listeners = new Set<EventListener>();
  /** Listeners that are not clients (metrics): not counted, never replayed to. */
  readonly #observers = new Set<EventListener>();
  readonly #unsubscribe: () => void;
  #lastSeq = 0;

  /**
   * `eventsSince`, when the service keeps its own history (the Manager does), seeds the buffer with
   * what happened before the server was built — the library coming online, start-up reconciliation —
   * in the same turn as the subscription, so a client resuming from 0 misses nothing.
   */
  constructor(service: Pick<StorageService, 'subscribe'> & { eventsSince?: (seq: number) => readonly ManagerEvent[] }, capacity: number) {
    this.#capacity = capacity;
    const earlier = service.eventsSince?.(0) ?? [];
    for (const event of earlier.slice(-capacity)) this.#publish(event);
    this.#unsubscribe = service.subscribe((event) => this.#publish(event));
  }

  get clientCount(): number {
    return this.#listeners.size;
  }

  /** The seq of the latest event seen (0 before the first). */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /**
   * Buffered events after `lastSeq`, then every new one to `listener` until the returned detach
   * is called. Both happen in one turn, so no event can fall between replay and live delivery.
   */
  attach(listener: EventListener, lastSeq: number | undefined): { replay: Replay; detach: () => void } {
    const replay = lastSeq === undefined ? { events: [], complete: true } : this.#replayAfter(lastSeq);
    this.#listeners.add(listener);
    return { replay, detach: () => this.#listeners.delete(listener) };
  }

  observe(listener: EventListener): () => void {
    this.#observers.add(listener);
    return () => this.#observers.delete(listener);
  }

  close(): void {
    this.#unsubscribe();
    this.#listeners.clear();
    this.#observers.clear();
  }

  #replayAfter(lastSeq: number): Replay {
    const events = this.#buffer.filter((e) => e.seq > lastSeq);
    const oldest = this.#buffer[0]?.seq ?? this.#lastSeq + 1;
    // A seq ahead of ours was issued by an earlier manager process (seq restarts at 1).
    const complete = lastSeq <= this.#lastSeq && lastSeq >= oldest - 1;
    return { events: complete ? events : this.#buffer.slice(), complete };
  }

  #publish(event: ManagerEvent): void {
    this.#lastSeq = event.seq;
    this.#buffer.push(event);
    if (this.#buffer.length > this.#capacity * 1.25) this.#buffer = this.#buffer.slice(-this.#capacity);
    // One failing listener must not keep the event from the others.
    for (const listener of [...this.#observers, ...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // a client's stream that broke is dropped by its own close handler
      }
    }
  }
}
