// Requests that come in floods take turns in slices of the event loop. Each runs in the loop's
// check phase (setImmediate), one after the other, until SLICE_MS of one iteration is spent; the
// rest wait for the next iteration, after timers and I/O have had their turn. Without this, 200
// clients asking for media pages at once were all answered in the same iteration: 30–55 ms during
// which no timer fired and no mount took its next step (issue 17).
import { performance } from 'node:perf_hooks';

/** Work given turns in one iteration of the loop before the rest waits for the next (ms). */
const SLICE_MS = 4;

export class LoopSlices {
  readonly #waiting: (() => void)[] = [];
  /** When this iteration's slice began; undefined until a turn is given in it. */
  #sliceStart: number | undefined;

  /**
   * Resolves when the caller may run: in this iteration's check phase while its slice lasts,
   * else in a later one, first come first served. The caller's synchronous work until its next
   * await (for SQLite, the whole answer) counts against the slice.
   */
  turn(): Promise<void> {
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      setImmediate(this.#giveTurn);
    });
  }

  readonly #giveTurn = (): void => {
    const now = performance.now();
    if (this.#sliceStart === undefined) {
      this.#sliceStart = now;
      // Queued before any turn deferred below, so it runs first in the next check phase.
      setImmediate(this.#endSlice);
    } else if (now - this.#sliceStart >= SLICE_MS) {
      setImmediate(this.#giveTurn);
      return;
    }
    // Node runs the microtasks after each immediate: the turn's work is done before the next check of the clock.
    this.#waiting.shift()?.();
  };

  readonly #endSlice = (): void => {
    this.#sliceStart = undefined;
  };
}
