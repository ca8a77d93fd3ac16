// When to ask a loading drive again whether it is ready. A drive says nothing on its own when it
// has threaded a tape (its unit attention waits for the next command; no transport the manager
// uses carries an asynchronous event), so the manager polls with TEST UNIT READY. Polling every
// second found a loaded drive up to a second late (1.0 s per mount in the library-500 bench) and
// cost a command a second. A drive's load takes about the same time every time (19 s for an LTO-8
// in library-500), so once a drive has been seen loading the manager sleeps until just before that
// time and then asks often for a short while: per mount, 1 command at insertion (a cleaner or a
// drive already loaded answers it), about 6 from the wake-up on, and the one the drive's "now
// ready" unit attention takes — 8 where polling every second sent 21 for an LTO-8 load — and the
// drive is found ready at most 100 ms late. A load that runs long costs at most 20 quick commands
// before the slow interval again.

/** Poll interval with nothing learned yet, and again once a load runs past the fast window. */
export const SLOW_POLL_MS = 1_000;
/** Poll interval around the expected end of a load. */
export const FAST_POLL_MS = 100;
/** The manager wakes this long before a load is expected to end (the shortest seen may be up to one poll late). */
export const WAKE_LEAD_MS = 500;
/** How long past the expected end it keeps polling fast before it falls back to the slow interval. */
export const FAST_WINDOW_MS = 2_000;

export class LoadPolling {
  /** Per drive: the shortest time from the robot's insertion to ready seen so far. */
  readonly #shortest = new Map<number, number>();

  /** How long to wait before asking `drive` again, `waitedMs` after the cartridge went in, having found it still loading. */
  nextPollMs(drive: number, waitedMs: number): number {
    const expected = this.#shortest.get(drive);
    if (expected === undefined) return SLOW_POLL_MS;
    const wake = expected - WAKE_LEAD_MS;
    if (waitedMs < wake) return wake - waitedMs;
    if (waitedMs < expected + FAST_WINDOW_MS) return FAST_POLL_MS;
    return SLOW_POLL_MS;
  }

  /**
   * `drive` answered ready `waitedMs` after the cartridge went in, having been seen loading first
   * (a drive ready at the first question tells nothing of how long a load takes).
   */
  loaded(drive: number, waitedMs: number): void {
    const shortest = this.#shortest.get(drive);
    if (shortest === undefined || waitedMs < shortest) this.#shortest.set(drive, waitedMs);
  }

  /** The load time learned for `drive`, if any. */
  expectedMs(drive: number): number | undefined {
    return this.#shortest.get(drive);
  }
}
