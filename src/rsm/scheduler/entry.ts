// A job as the scheduler tracks it between submit and outcome: which step it is at, what it holds,
// and whether someone asked it to stop.
import type { Job, Outcome } from './job.ts';
import type { Place } from '../../shared/place.ts';

/**
 * prepare  — the host has not yet said where the cartridge is;
 * source   — its cartridge is in a drive: it needs that drive to itself, then the drive-side unload;
 * ready    — it waits for a robot turn (and, going into a drive, for that drive to be bound and empty);
 * settle   — the drive is loading the cartridge, or cleaning (drive-side time, robot free);
 * return   — a cleaner that has cleaned waits for the robot to take it home;
 * exclusive— inventory/inject/eject waiting for the robot to be idle, or running;
 * done     — it has its outcome.
 */
export type Step = 'prepare' | 'source' | 'ready' | 'settle' | 'return' | 'exclusive' | 'done';

export type StopReason = 'cancelled' | 'timed-out' | 'closed';

export interface Entry {
  readonly job: Job;
  readonly resolve: (outcome: Outcome) => void;
  /** Aborts the deadline timer once the job has its outcome. */
  readonly deadline: AbortController;
  step: Step;
  /** A host lookup, drive-side step, robot command or exclusive run of this job is under way. */
  active: boolean;
  /** It has done something besides looking things up (announced as in-progress). */
  started: boolean;
  /** It was told to the host as waiting for a busy drive. */
  waiting: boolean;
  stop: StopReason | null;
  /** Past the point of no return: a cleaner in a drive must come back; an exclusive run finishes. */
  committed: boolean;
  /** The cartridge this job moves. */
  medium: string | null;
  /** Where that cartridge is. */
  source: Place | null;
  /** The drive the cartridge goes into, once bound. */
  target: number | null;
  /** Where a raw move puts its cartridge when that is not a drive. */
  destination: Place | null;
  /** Drives this job has to itself right now (its source drive, its target while loading). */
  readonly owns: Set<number>;
  /** Another job this one waits to see finish before it looks again (a dismount of its medium's drive). */
  after: Entry | null;
}
