// A query many callers ask at once, answered by as few round trips as stay correct: a caller
// never takes an answer sent before it asked (that one may miss a commit the caller has already
// seen), but everyone who asks while a query is out shares the next one, sent when it comes
// back. Under 200 concurrent listings PostgreSQL's media change mark is then one
// round trip per round trip's time instead of one per request, queued on the pool.
export class SharedQuery<T> {
  #running: Promise<T> | undefined;
  #next: Promise<T> | undefined;

  constructor(private readonly query: () => Promise<T>) {}

  /** No query out and none waiting to go. */
  get idle(): boolean {
    return this.#running === undefined && this.#next === undefined;
  }

  ask(): Promise<T> {
    if (this.#running === undefined) return this.#start();
    this.#next ??= this.#running
      .catch(() => undefined)
      .then(() => {
        this.#next = undefined;
        return this.#start();
      });
    return this.#next;
  }

  #start(): Promise<T> {
    const running: Promise<T> = this.query().finally(() => {
      if (this.#running === running) this.#running = undefined;
    });
    this.#running = running;
    return running;
  }
}

/**
 * SharedQuery for many different queries, by key: a key's entry lives while its query is out or
 * waiting to go. `query` must give the same answer for the same key (the first asker's is run).
 */
export class SharedQueries<T> {
  readonly #queries = new Map<string, SharedQuery<T>>();

  ask(key: string, query: () => Promise<T>): Promise<T> {
    let shared = this.#queries.get(key);
    if (shared === undefined) {
      shared = new SharedQuery(query);
      this.#queries.set(key, shared);
    }
    const asked = shared;
    const answer = asked.ask();
    const forget = (): void => {
      if (asked.idle && this.#queries.get(key) === asked) this.#queries.delete(key);
    };
    answer.then(forget, forget);
    return answer;
  }

  /** Keys with a query out or waiting (for tests). */
  get size(): number {
    return this.#queries.size;
  }
}
