// The manager's in-process event bus: every change of state is published once, numbered and
// stamped here, and handed to each subscriber in order. A subscriber that throws is logged and
// kept: one broken SSE client must not silence the others or the manager.
import type { ManagerEvent, ManagerEventInput } from '../events.ts';

export interface EventClock {
  now(): number;
}

export type EventListener = (event: ManagerEvent) => void;

export class EventBus {
  #seq = 0;
  readonly #listeners = new Set<EventListener>();
  /** The latest events, so a client reconnecting with Last-Event-ID can catch up. */
  readonly #recent: ManagerEvent[] = [];

  constructor(
    private readonly clock: EventClock,
    private readonly onListenerError: (error: unknown) => void = () => undefined,
    private readonly keep = 1000,
  ) {}

  publish(input: ManagerEventInput): ManagerEvent {
    this.#seq += 1;
    const event = { ...input, seq: this.#seq, at: this.clock.now() } as ManagerEvent;
    this.#recent.push(event);
    if (this.#recent.length > this.keep) this.#recent.shift();
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.onListenerError(error);
      }
    }
    return event;
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Events after `seq` still remembered (oldest first); older ones are gone. */
  since(seq: number): readonly ManagerEvent[] {
    return this.#recent.filter((e) => e.seq > seq);
  }

  get lastSeq(): number {
    return this.#seq;
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
