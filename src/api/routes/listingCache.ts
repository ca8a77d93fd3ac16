// Answers of GET /v1/media kept as the bytes that were sent, each with the catalog's media change
// mark taken before it was read (StorageService.mediaChangeMark): while the mark stays the same, the
// same query gets the same bytes without reading, building and serializing 100 or 10 000 media
// again, which is what a page cost (about 2 ms, most of it that work). Any change to media, their
// sides, pools or library names, by this manager or another process, changes the mark, and the
// next request reads afresh; queued requests, lease renewals and the audit do not.
const MAX_BYTES = 64 * 1024 * 1024;

interface Kept {
  readonly mark: string;
  readonly body: Buffer;
}

export class ListingCache {
  readonly #kept = new Map<string, Kept>();
  /** Answers being read, by mark and query: requests that come meanwhile wait for the same one. */
  readonly #filling = new Map<string, Promise<Buffer>>();
  #bytes = 0;

  /**
   * The answer to `query` under `mark`: kept, being read for another request, or read now by
   * `read` and kept. Two hundred clients paging a catalog just changed would otherwise each read
   * and serialize the same page.
   */
  answer(query: string, mark: string, read: () => Promise<Buffer>): Promise<Buffer> {
    const kept = this.get(query, mark);
    if (kept !== undefined) return Promise.resolve(kept);
    const key = `${mark}\n${query}`;
    const filling = this.#filling.get(key);
    if (filling !== undefined) return filling;
    const reading = read()
      .then((body) => {
        this.set(query, mark, body);
        return body;
      })
      .finally(() => this.#filling.delete(key));
    this.#filling.set(key, reading);
    return reading;
  }

  /** The answer kept for `query` if it was read under `mark`. */
  get(query: string, mark: string): Buffer | undefined {
    const kept = this.#kept.get(query);
    if (kept === undefined) return undefined;
    if (kept.mark !== mark) {
      this.#drop(query, kept);
      return undefined;
    }
    // Most recently used last, so the oldest is the first to go when the budget is spent.
    this.#kept.delete(query);
    this.#kept.set(query, kept);
    return kept.body;
  }

  set(query: string, mark: string, body: Buffer): void {
    const old = this.#kept.get(query);
    if (old !== undefined) this.#drop(query, old);
    if (body.length > MAX_BYTES) return;
    for (const [oldest, kept] of this.#kept) {
      if (this.#bytes + body.length <= MAX_BYTES) break;
      this.#drop(oldest, kept);
    }
    this.#kept.set(query, { mark, body });
    this.#bytes += body.length;
  }

  #drop(query: string, kept: Kept): void {
    this.#kept.delete(query);
    this.#bytes -= kept.body.length;
  }
}
