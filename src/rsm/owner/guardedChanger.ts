import type { Changer } from '../../driver/changer.ts';

/** What the owner decides for each call its manager makes on the changer. */
export interface ChangerGuard {
  /** Throws when the manager may no longer use the changer (ownership lost or released). */
  admit(): void;
  /** Sees every admitted call through to its end (to wait for calls in flight, to spot fencing). */
  follow<T>(call: Promise<T>): Promise<T>;
}

/**
 * The Changer a library owner hands its manager: the same object and type, but every routine
 * first asks the guard, so the instant ownership is lost no new command leaves for the device.
 * A Proxy rather than a wrapper class keeps the whole IOCTL surface without restating it.
 * Routines run on the real changer, so its own internals never pass through the guard.
 */
export function guardChanger(changer: Changer, guard: ChangerGuard): Changer {
  return new Proxy(changer, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      // Closing is always allowed (and idempotent): the owner closes the real changer itself.
      if (property === 'close') return () => target.close();
      const routine = value as (...args: unknown[]) => unknown;
      return async (...args: unknown[]): Promise<unknown> => {
        guard.admit();
        return guard.follow(Promise.resolve(routine.apply(target, args)));
      };
    },
  });
}
