import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The time a library owner renews its lease by. Shaped like the emulator's Clock, so a
 * VirtualClock fits; tests pass one to freeze an owner the way a paused process is frozen.
 */
export interface OwnerClock {
  now(): number;
  /** Resolves after `ms`; rejects (or resolves) early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * Wall-clock time: unlike a monotonic clock it keeps counting while the host is suspended, so an
 * owner that wakes up knows its lease ran out meanwhile. The renewal timer does not keep a
 * process alive on its own.
 */
export const WALL_CLOCK: OwnerClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { ref: false, ...(signal === undefined ? {} : { signal }) }),
};
