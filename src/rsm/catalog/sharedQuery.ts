// A query many callers ask at once, answered by as few round trips as stay correct: a caller
// never takes an answer sent before it asked (that one may miss a commit the caller has already
// seen), but everyone who asks while a query is out shares the next one, sent when it comes
// back. Under 200 concurrent listings PostgreSQL's media change mark is then one
// round trip per round trip's time instead of one per request, queued on the pool.
export class SharedQuery<T> {
  #running: Promise<T> | undefined;
  #next: Promise<T> | undefined;

  constructor(private readonly query: () => Promise<T>) {}

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
