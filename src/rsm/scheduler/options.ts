// How a Scheduler is set up: what it drives, whom it tells, and the policy knobs.
import type { Clock } from '../../shared/clock.ts';
import type { SchedulerHost } from './host.ts';
import type { Robot } from './robot.ts';

/**
 * Aging: a waiting job's effective priority rises by one step every `agingMs` of waiting, without
 * limit, so after 30 × agingMs a −15 job outranks a +15 job that has just arrived: no job waits
 * forever behind a stream of more urgent ones. Default one step a minute (30 min from −15 to +15).
 */
export const DEFAULT_AGING_MS = 60_000;

export interface SchedulerPolicy {
  /** Milliseconds of waiting per step of priority gained. */
  readonly agingMs?: number;
}

export interface SchedulerOptions {
  readonly robot: Robot;
  readonly host: SchedulerHost;
  readonly clock: Clock;
  /** Drives 0 … driveCount − 1. */
  readonly driveCount: number;
  readonly policy?: SchedulerPolicy;
}
