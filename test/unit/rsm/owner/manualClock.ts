// A clock that moves only when the test says: an owner on it is frozen the way a paused process
// is — it neither renews nor notices time passing — until advance() lets it run again.
import type { OwnerClock } from '../../../../src/rsm/owner/index.ts';

interface Sleeper {
  readonly at: number;
  readonly wake: () => void;
}

export class ManualClock implements OwnerClock {
  #now = Date.now();
  #sleepers: Sleeper[] = [];

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const sleeper: Sleeper = { at: this.#now + ms, wake: resolve };
      this.#sleepers.push(sleeper);
      signal?.addEventListener('abort', () => {
        this.#sleepers = this.#sleepers.filter((s) => s !== sleeper);
        reject(new Error('aborted'));
      }, { once: true });
    });
  }

  advance(ms: number): void {
    this.#now += ms;
    const due = this.#sleepers.filter((s) => s.at <= this.#now);
    this.#sleepers = this.#sleepers.filter((s) => s.at > this.#now);
    for (const s of due) s.wake();
  }
}

/** Wait (on real time) until `condition` holds; fails after `limitMs`. For effects of async work. */
export async function until(condition: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const giveUp = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > giveUp) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
