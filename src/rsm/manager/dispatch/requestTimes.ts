// A request's times on the manager's clock. The catalog stamps a request with wall-clock time
// (what a person reads in its history), but the scheduler ages jobs and times them out on the
// manager's clock, which under tests and benches is virtual and keeps its own pace. Converting
// through Date.now() at each submission counted whatever wall time had passed since the stamp
// (catalog writes, an operator's answer) as time waited, although the manager's clock may have
// stood still or run hours ahead meanwhile. So when this process first dispatches a request it
// pins the request's submission to the clock's now, and measures its age and its deadline from
// there; only a request it never saw submitted (found unfinished after a restart) has nothing but
// its wall stamps, and its age so far is its age on the wall clock.
import type { LibraryRequest } from '../../catalog/index.ts';
import type { Clock } from '../../../shared/clock.ts';

export interface ClockTimes {
  readonly submittedAt: number;
  readonly deadlineAt: number | null;
}

export class RequestTimes {
  /** Request id → the manager clock's time when this process first dispatched it. */
  readonly #pinned = new Map<number, number>();

  constructor(
    private readonly clock: Clock,
    private readonly wall: () => number = Date.now,
  ) {}

  /** A request this process accepted is being dispatched: its submission is now on the clock (the first dispatch counts). */
  pin(request: Pick<LibraryRequest, 'id'>): void {
    if (!this.#pinned.has(request.id)) this.#pinned.set(request.id, this.clock.now());
  }

  /** The request is final: nothing will ask for its times again. */
  forget(id: number): void {
    this.#pinned.delete(id);
  }

  /** Submission and deadline on the manager's clock; the deadline keeps the request's timeout from its submission. */
  of(request: Pick<LibraryRequest, 'id' | 'submittedAt' | 'deadlineAt'>): ClockTimes {
    const submittedAt = this.#pinned.get(request.id) ?? this.clock.now() - Math.max(0, this.wall() - request.submittedAt);
    return { submittedAt, deadlineAt: request.deadlineAt === null ? null : submittedAt + (request.deadlineAt - request.submittedAt) };
  }

  /** Requests pinned and not yet final (tests: nothing is kept for a finished request). */
  get size(): number {
    return this.#pinned.size;
  }
}
