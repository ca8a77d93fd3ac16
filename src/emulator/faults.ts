/**
 * Fault injection: the failures real libraries have, on demand or on a schedule, reproducible
 * from a seed. Move faults (jam, power loss) strike at the moment the picker has the cartridge,
 * which is what makes them interesting: the cartridge is then neither at its source nor at its
 * destination. Part faults (stuck drive, unreadable label, disabled element) change state at once.
 */
import type { Clock } from '../shared/clock.ts';
import { SeededRandom } from './seededRandom.ts';

export type Fault =
  /** The robot jams after picking: cartridge left in the picker, command fails 04/15/01. */
  | { readonly kind: 'robot-jam' }
  /** Power fails after the pick of the next move (or at once when scheduled by time). */
  | { readonly kind: 'power-loss' }
  /** The drive at this address refuses to unload / release its cartridge. */
  | { readonly kind: 'drive-stuck'; readonly address: number }
  /** The label of the cartridge with this barcode can no longer be read. */
  | { readonly kind: 'label-unreadable'; readonly barcode: string }
  /** The element at this address goes out of service. */
  | { readonly kind: 'element-disabled'; readonly address: number };

export type MoveFault = 'robot-jam' | 'power-loss';

export interface FaultSchedule {
  readonly fault: Fault;
  /** Strike on the n-th move from now (1 = the next move). */
  readonly afterMoves?: number;
  /** Strike on each move with this probability, drawn from the seeded generator. */
  readonly probability?: number;
  /** Strike when the clock reaches this time. */
  readonly atTime?: number;
  /** Keep the schedule after it struck (probability schedules); default false. */
  readonly repeat?: boolean;
}

/** What the library exposes to the injector to apply part faults. */
export interface FaultTarget {
  applyPartFault(fault: Fault, on: boolean): void;
  /** Power fails now (a time-scheduled power loss when no move is running). */
  powerLoss(): void;
}

interface ActiveSchedule {
  readonly id: number;
  readonly schedule: FaultSchedule;
  movesLeft: number | undefined;
  readonly timer: AbortController | undefined;
}

export class FaultInjector {
  readonly seed: number;
  readonly #random: SeededRandom;
  readonly #clock: Clock;
  #target: FaultTarget | undefined;
  readonly #armed: MoveFault[] = [];
  readonly #schedules = new Map<number, ActiveSchedule>();
  #nextId = 1;
  /** Every fault that struck, in order (for tests and logs). */
  readonly history: { readonly at: number; readonly fault: Fault }[] = [];
  /** Timed faults that could not be applied (no such element or label). */
  readonly rejected: { readonly schedule: FaultSchedule; readonly error: unknown }[] = [];

  constructor(seed: number, clock: Clock) {
    this.seed = seed;
    this.#random = new SeededRandom(seed);
    this.#clock = clock;
  }

  attach(target: FaultTarget): void {
    this.#target = target;
  }

  /** Apply a fault now: move faults are armed for the next move, part faults take effect at once. */
  inject(fault: Fault): void {
    if (fault.kind === 'robot-jam' || fault.kind === 'power-loss') {
      this.#armed.push(fault.kind);
      return;
    }
    this.#strike(fault);
  }

  /** Repair a part fault (the drive releases, the label is replaced, the element is back). */
  repair(fault: Fault): void {
    if (fault.kind === 'robot-jam' || fault.kind === 'power-loss') {
      const i = this.#armed.indexOf(fault.kind);
      if (i >= 0) this.#armed.splice(i, 1);
      return;
    }
    this.#target?.applyPartFault(fault, false);
  }

  schedule(schedule: FaultSchedule): number {
    const id = this.#nextId++;
    const timer = schedule.atTime === undefined ? undefined : new AbortController();
    this.#schedules.set(id, { id, schedule, movesLeft: schedule.afterMoves, timer });
    if (timer !== undefined && schedule.atTime !== undefined) {
      const delay = Math.max(0, schedule.atTime - this.#clock.now());
      this.#clock.sleep(delay, timer.signal).then(
        () => {
          try {
            this.#timeReached(id);
          } catch (error) {
            // Nobody awaits a timed fault: one aimed at a part that does not exist is recorded, not thrown.
            this.rejected.push({ schedule, error });
          }
        },
        () => undefined,
      );
    }
    return id;
  }

  cancel(id: number): void {
    this.#schedules.get(id)?.timer?.abort();
    this.#schedules.delete(id);
  }

  cancelAll(): void {
    for (const id of [...this.#schedules.keys()]) this.cancel(id);
    this.#armed.length = 0;
  }

  /**
   * Called by the mechanics when a picker has just taken a cartridge: the move fault that strikes
   * now, if any. Schedules are consulted in creation order, so one seed gives one history.
   */
  atPick(): MoveFault | null {
    for (const active of [...this.#schedules.values()]) {
      if (!this.#movesDue(active)) continue;
      if (!active.schedule.repeat) this.cancel(active.id);
      const fault = active.schedule.fault;
      if (fault.kind === 'robot-jam' || fault.kind === 'power-loss') this.#armed.push(fault.kind);
      else this.#strike(fault);
    }
    const struck = this.#armed.shift() ?? null;
    if (struck !== null) this.history.push({ at: this.#clock.now(), fault: { kind: struck } });
    return struck;
  }

  #movesDue(active: ActiveSchedule): boolean {
    const { schedule } = active;
    if (schedule.atTime !== undefined) return false;
    if (active.movesLeft !== undefined) {
      active.movesLeft--;
      if (active.movesLeft > 0) return false;
      if (schedule.probability === undefined) return true;
    }
    return schedule.probability !== undefined && this.#random.chance(schedule.probability);
  }

  #timeReached(id: number): void {
    const active = this.#schedules.get(id);
    if (active === undefined) return;
    this.#schedules.delete(id);
    const fault = active.schedule.fault;
    if (fault.kind === 'robot-jam') this.#armed.push('robot-jam');
    else if (fault.kind === 'power-loss') {
      this.history.push({ at: this.#clock.now(), fault });
      this.#target?.powerLoss();
    } else this.#strike(fault);
  }

  #strike(fault: Fault): void {
    this.#target?.applyPartFault(fault, true);
    this.history.push({ at: this.#clock.now(), fault });
  }
}
