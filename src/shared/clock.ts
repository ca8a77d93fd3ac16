/**
 * Time for the emulator's mechanics (DESIGN §3). Every delay a robot, door or inventory takes goes
 * through a Clock, so the same library runs in real time, faster than real time, or in virtual
 * time where a test sees a 12-second move complete instantly and can still assert it took 12 s.
 */

export interface Clock {
  /** Milliseconds; only differences are meaningful. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when aborted (power loss aborts mechanics). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/** Wall-clock time. */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return scaledSleep(ms, 1, signal);
  }
}

/**
 * Time running `factor` times faster than the wall clock: a 12 s move under ScaledClock(100)
 * takes 120 ms of real time, and now() advances 12 000 in that time.
 */
export class ScaledClock implements Clock {
  readonly factor: number;
  readonly #realStart = performance.now();
  readonly #virtualStart = Date.now();

  constructor(factor: number) {
    if (!(factor > 0) || !Number.isFinite(factor)) throw new RangeError(`ScaledClock factor must be a positive number, got ${factor}`);
    this.factor = factor;
  }

  now(): number {
    return this.#virtualStart + (performance.now() - this.#realStart) * this.factor;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return scaledSleep(ms, this.factor, signal);
  }
}

function scaledSleep(ms: number, factor: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms / factor));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface VirtualTimer {
  readonly due: number;
  readonly seq: number;
  readonly resolve: () => void;
  readonly cleanup: () => void;
}

export interface VirtualClockOptions {
  /** Initial value of now(); default 0. */
  readonly start?: number;
  /**
   * Discrete-event mode: whenever every pending piece of work is waiting on this clock (the
   * event loop has nothing else runnable), time jumps to the earliest timer. Default false:
   * time moves only through advance()/runUntilIdle().
   */
  readonly autoAdvance?: boolean;
}

/** Lets promise chains and already-queued callbacks run before time moves. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Simulated time (discrete events). Timers fire in due order, ties in creation order, so a
 * scenario replays identically every run.
 */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  #timers: VirtualTimer[] = [];
  #autoAdvance: boolean;
  #autoScheduled = false;

  constructor(options: VirtualClockOptions = {}) {
    this.#now = options.start ?? 0;
    this.#autoAdvance = options.autoAdvance ?? false;
  }

  now(): number {
    return this.#now;
  }

  /** Number of sleeps not yet elapsed. */
  get pendingTimers(): number {
    return this.#timers.length;
  }

  /** Time of the earliest pending timer, or undefined. */
  get nextDue(): number | undefined {
    return this.#timers[0]?.due;
  }

  setAutoAdvance(on: boolean): void {
    this.#autoAdvance = on;
    if (on) this.#scheduleAutoAdvance();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise((resolve, reject) => {
      const seq = this.#seq++;
      const onAbort = (): void => {
        this.#remove(seq);
        reject(abortReason(signal as AbortSignal));
      };
      const timer: VirtualTimer = {
        due: this.#now + Math.max(0, ms),
        seq,
        resolve,
        cleanup: () => signal?.removeEventListener('abort', onAbort),
      };
      this.#insert(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (this.#autoAdvance) this.#scheduleAutoAdvance();
    });
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + Math.max(0, ms);
    await settle();
    for (;;) {
      const next = this.#timers[0];
      if (next === undefined || next.due > target) break;
      this.#fire(next);
      await settle();
    }
    this.#now = Math.max(this.#now, target);
    await settle();
  }

  /** Fires timers until none is left (or `maxTimers` fired); returns how many fired. */
  async runUntilIdle(maxTimers = 1_000_000): Promise<number> {
    let fired = 0;
    await settle();
    while (this.#timers.length > 0 && fired < maxTimers) {
      this.#fire(this.#timers[0] as VirtualTimer);
      fired++;
      await settle();
    }
    return fired;
  }

  #scheduleAutoAdvance(): void {
    if (this.#autoScheduled) return;
    this.#autoScheduled = true;
    setImmediate(() => {
      this.#autoScheduled = false;
      if (!this.#autoAdvance) return;
      const next = this.#timers[0];
      if (next === undefined) return;
      this.#fire(next);
      if (this.#timers.length > 0) this.#scheduleAutoAdvance();
    });
  }

  #fire(timer: VirtualTimer): void {
    this.#remove(timer.seq);
    this.#now = Math.max(this.#now, timer.due);
    timer.cleanup();
    timer.resolve();
  }

  #insert(timer: VirtualTimer): void {
    let i = this.#timers.length;
    while (i > 0) {
      const before = this.#timers[i - 1] as VirtualTimer;
      if (before.due < timer.due || (before.due === timer.due && before.seq < timer.seq)) break;
      i--;
    }
    this.#timers.splice(i, 0, timer);
  }

  #remove(seq: number): void {
    const i = this.#timers.findIndex((t) => t.seq === seq);
    if (i >= 0) this.#timers.splice(i, 1);
  }
}
