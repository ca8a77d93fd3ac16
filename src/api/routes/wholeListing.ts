// Pages of the unfiltered media list cut from one read of the whole list when several pages are
// read afresh at once. Right after a change to the catalog, 200 clients paging 10 000 media asked
// for 100 pages read afresh together: 100 statements, each walking the listing index to its
// offset; on PostgreSQL under a 10 % mount mix they took 58 ms each at the median and a third of
// the pool's time, and every mount's statements queued behind them (issue 17). One read of the
// whole list under the same change mark answers them all. A page asked while no other is being
// read is read alone: a client paging by itself after a change waits for its page, not for the
// whole catalog.

interface Whole<T> {
  readonly mark: string;
  readonly items: Promise<readonly T[]>;
}

export class WholeListing<T> {
  #whole: Whole<T> | undefined;
  /** Pages being read on their own right now, under any mark. */
  #pagesReading = 0;

  /**
   * Items `offset` to `offset + limit` of the list under `mark` (the catalog's media change mark,
   * taken before reading): cut from the whole list read under that mark when there is one or another
   * page is being read meanwhile, else read alone by `readPage`. Both reads must list in the same order.
   */
  async page(mark: string, offset: number, limit: number, readPage: () => Promise<readonly T[]>, readWhole: () => Promise<readonly T[]>): Promise<readonly T[]> {
    if (this.#whole !== undefined && this.#whole.mark !== mark) this.#whole = undefined;
    if (this.#whole === undefined && this.#pagesReading > 0) this.#whole = this.#read(mark, readWhole);
    if (this.#whole !== undefined) return (await this.#whole.items).slice(offset, offset + limit);
    this.#pagesReading++;
    try {
      return await readPage();
    } finally {
      this.#pagesReading--;
    }
  }

  #read(mark: string, readWhole: () => Promise<readonly T[]>): Whole<T> {
    const whole: Whole<T> = { mark, items: readWhole() };
    // A failed read is not kept: the next page under the same mark tries again.
    whole.items.catch(() => {
      if (this.#whole === whole) this.#whole = undefined;
    });
    return whole;
  }
}
