// A deterministic stand-in for a library, for tests of the scheduler's pure policy only (ordering,
// aging, exchange pairing, overlap) where the real emulator would add nothing but time: the robot
// and drives sleep on a VirtualClock and check every move the way a library would (source full,
// destination empty); the host is an in-memory catalog. Behaviour over the real emulator is
// tested in test/integration/rsm/scheduler/.
import { VirtualClock } from '../../../../src/shared/clock.ts';
import type { Robot, SchedulerHost } from '../../../../src/rsm/scheduler/index.ts';
import { formatPlace, samePlace, type Place } from '../../../../src/shared/place.ts';

export interface Timings {
  readonly moveMs: number;
  readonly exchangeMs: number;
  readonly unloadMs: number;
  readonly loadMs: number;
}

export const TIMINGS: Timings = { moveMs: 10_000, exchangeMs: 15_000, unloadMs: 24_000, loadMs: 19_000 };

export interface RobotCommand {
  readonly kind: 'move' | 'exchange';
  readonly at: number;
  readonly end: number;
  readonly transport: number;
  readonly places: readonly string[];
  readonly media: readonly string[];
}

export interface FakeRobotOptions {
  readonly canExchange?: boolean;
  readonly transports?: number;
  readonly timings?: Timings;
  /** Moves for which the robot jams half-way (before picking: the cartridge stays put). */
  readonly failOn?: (from: Place, to: Place) => boolean;
}

const key = (p: Place): string => formatPlace(p);

/** Where every cartridge is: the truth the fake robot changes and the fake host reads. */
export class FakeLibrary {
  /** Time moves only through run()/clock.advance(), so a test can look between two events. */
  readonly clock = new VirtualClock();
  readonly contents = new Map<string, string>(); // place key → medium
  readonly homes = new Map<string, Place>();
  readonly commands: RobotCommand[] = [];
  readonly unloads: { drive: number; at: number }[] = [];
  readonly moved: string[] = [];
  readonly states: string[] = [];
  slotCount: number;

  constructor(slotCount: number, media: readonly string[]) {
    this.slotCount = slotCount;
    media.forEach((m, i) => {
      this.contents.set(key({ type: 'slot', index: i }), m);
      this.homes.set(m, { type: 'slot', index: i });
    });
  }

  /**
   * Runs the clock until `work` settles: fires the earliest timer, lets everything react, repeats.
   * Throws when nothing is left to run but `work` still waits (a deadlock in the scheduler).
   */
  async run<T>(work: Promise<T>): Promise<T> {
    let settled = false;
    work.then(() => (settled = true), () => (settled = true));
    while (!settled) {
      if ((await this.clock.runUntilIdle(1)) > 0) continue;
      await this.clock.advance(0);
      if (!settled && this.clock.pendingTimers === 0) throw new Error('deadlock: the work waits but nothing is left to run');
    }
    return work;
  }

  /** Puts a medium straight into a drive (as if mounted before the test). */
  load(medium: string, drive: number): void {
    for (const [k, m] of this.contents) if (m === medium) this.contents.delete(k);
    this.contents.set(key({ type: 'drive', index: drive }), medium);
  }

  at(p: Place): string | null {
    return this.contents.get(key(p)) ?? null;
  }

  whereIs(medium: string): Place | null {
    for (const [k, m] of this.contents) {
      if (m !== medium) continue;
      const [type, index] = k.split(' ') as [Place['type'], string];
      return { type, index: Number(index) };
    }
    return null;
  }

  /** Each medium exactly once, and every one of `media` somewhere. */
  assertConserved(media: readonly string[]): void {
    const seen = [...this.contents.values()].sort();
    if (JSON.stringify(seen) !== JSON.stringify([...media].sort())) throw new Error(`conservation broken: ${JSON.stringify(seen)}`);
  }

  #take(p: Place): string {
    const m = this.at(p);
    if (m === null) throw new Error(`${key(p)} is empty`);
    this.contents.delete(key(p));
    return m;
  }

  #put(p: Place, m: string): void {
    if (this.at(p) !== null) throw new Error(`${key(p)} is full`);
    this.contents.set(key(p), m);
  }

  robot(options: FakeRobotOptions = {}): Robot {
    const t = options.timings ?? TIMINGS;
    return {
      transports: options.transports ?? 1,
      canExchange: options.canExchange ?? false,
      move: async (from, to, transport) => {
        const at = this.clock.now();
        if (options.failOn?.(from, to) === true) {
          await this.clock.sleep(t.moveMs / 2);
          throw new Error(`jam moving ${key(from)} → ${key(to)}`);
        }
        if (this.at(from) === null) throw new Error(`${key(from)} is empty`);
        if (this.at(to) !== null) throw new Error(`${key(to)} is full`);
        await this.clock.sleep(t.moveMs);
        const m = this.#take(from);
        this.#put(to, m);
        this.commands.push({ kind: 'move', at, end: this.clock.now(), transport, places: [key(from), key(to)], media: [m] });
      },
      exchange: async (source, first, second, transport) => {
        const at = this.clock.now();
        await this.clock.sleep(t.exchangeMs);
        const a = this.#take(source);
        const b = this.#take(first);
        this.#put(first, a);
        this.#put(second, b);
        this.commands.push({ kind: 'exchange', at, end: this.clock.now(), transport, places: [key(source), key(first), key(second)], media: [a, b] });
      },
      unloadDrive: async (drive) => {
        this.unloads.push({ drive, at: this.clock.now() });
        await this.clock.sleep(t.unloadMs);
      },
      settleDrive: async () => {
        await this.clock.sleep(t.loadMs);
      },
    };
  }

  host(): SchedulerHost {
    return {
      whereIs: async (medium) => {
        return this.whereIs(medium);
      },
      occupantOf: async (where) => {
        return this.at(where);
      },
      destinationFor: async (medium, policy, _from, reserved) => {
        const free = (p: Place): boolean => this.at(p) === null && !reserved.some((r) => samePlace(r, p));
        const home = this.homes.get(medium);
        if (policy === 'home' && home !== undefined && free(home)) return home;
        for (let i = 0; i < this.slotCount; i++) {
          const p: Place = { type: 'slot', index: i };
          if (free(p)) return p;
        }
        throw new Error('no free slot');
      },
      moved: async (medium, from, to) => {
        this.moved.push(`${medium}: ${key(from)} → ${key(to)}`);
      },
      moveFailed: async (error, from, to) => {
        this.moved.push(`failed ${key(from)} → ${key(to)}: ${(error as Error).message}`);
      },
      jobState: (id, state) => {
        this.states.push(`${id} ${state}`);
      },
    };
  }
}
