// What the scheduler knows about each drive: whether it holds a cartridge (as the host last said,
// kept current with every move the scheduler makes), which job has it to itself, which job it is
// promised to next, and how many mounts it has served (to spread wear).
import type { Entry } from './entry.ts';

export class DriveBook {
  readonly count: number;
  readonly #full: boolean[];
  readonly #owner: (Entry | null)[];
  readonly #boundTo: (Entry | null)[];
  readonly #mounts: number[];
  /** The host must be asked again before any decision (at start, after a failed move or an exclusive job). */
  stale = true;

  constructor(count: number) {
    this.count = count;
    this.#full = new Array<boolean>(count).fill(false);
    this.#owner = new Array<Entry | null>(count).fill(null);
    this.#boundTo = new Array<Entry | null>(count).fill(null);
    this.#mounts = new Array<number>(count).fill(0);
  }

  isFull(drive: number): boolean {
    return this.#full[drive] === true;
  }

  setFull(drive: number, full: boolean): void {
    this.#full[drive] = full;
  }

  owner(drive: number): Entry | null {
    return this.#owner[drive] ?? null;
  }

  own(drive: number, entry: Entry): void {
    this.#owner[drive] = entry;
    entry.owns.add(drive);
  }

  release(drive: number, entry: Entry): void {
    if (this.#owner[drive] === entry) this.#owner[drive] = null;
    entry.owns.delete(drive);
  }

  boundTo(drive: number): Entry | null {
    return this.#boundTo[drive] ?? null;
  }

  bind(drive: number, entry: Entry): void {
    this.#boundTo[drive] = entry;
  }

  /** Forgets every drive promised to `entry` (a library has at most a few dozen drives). */
  unbind(entry: Entry): void {
    for (let d = 0; d < this.count; d++) if (this.#boundTo[d] === entry) this.#boundTo[d] = null;
  }

  /** Empty, nobody acting on it, promised to nobody. */
  isFree(drive: number): boolean {
    return !this.isFull(drive) && this.owner(drive) === null && this.boundTo(drive) === null;
  }

  countMount(drive: number): void {
    this.#mounts[drive] = (this.#mounts[drive] ?? 0) + 1;
  }

  mounts(drive: number): number {
    return this.#mounts[drive] ?? 0;
  }

  /**
   * The drive a mount should take among `candidates` (in the caller's preference order): the free
   * one that has served the fewest mounts, so wear and cleaning spread evenly; ties keep the
   * caller's order.
   */
  pickFree(candidates: readonly number[]): number | undefined {
    let best: number | undefined;
    for (const d of candidates) {
      if (!this.isFree(d)) continue;
      if (best === undefined || this.mounts(d) < this.mounts(best)) best = d;
    }
    return best;
  }
}
