// The work the scheduler orders: one job per library request. Ids and priorities come from the
// catalog's request rows so a job and its request are the same thing seen from two sides.
import type { Placement } from './host.ts';
import type { Place } from '../../shared/place.ts';

export const PRIORITY_LOWEST = -15;
export const PRIORITY_HIGHEST = 15;

interface JobBase {
  /** The catalog request id; unique among the scheduler's jobs. */
  readonly id: number;
  /** −15 (lowest) … +15 (highest), as NTMS; the scheduler ages it while it waits. */
  readonly priority: number;
  /** Clock time the request was made (a restarted manager resubmits with the original time, keeping its age). */
  readonly submittedAt: number;
  /** Clock time after which the job ends `timed-out` if it has not completed; null = none. */
  readonly deadlineAt: number | null;
}

/** Put a medium into a drive: one of `drives`, candidates already filtered for media compatibility, in preference order. */
export interface MountJob extends JobBase {
  readonly kind: 'mount';
  readonly mediumId: string;
  readonly drives: readonly number[];
  /** Turn the cartridge over on its way in (two-sided media: the other side must face the head). */
  readonly flip?: boolean;
}

/** Take whatever is in `drive` to its home slot or the nearest free slot. */
export interface DismountJob extends JobBase {
  readonly kind: 'dismount';
  readonly drive: number;
  readonly placement: Placement;
}

/** A raw move (mtx load/unload/transfer through the manager). */
export interface MoveJob extends JobBase {
  readonly kind: 'move';
  readonly from: Place;
  readonly to: Place;
}

/** The cleaner goes into the drive, cleans, and comes back to its home slot. */
export interface CleanJob extends JobBase {
  readonly kind: 'clean';
  readonly drive: number;
  readonly cleanerId: string;
}

/**
 * Work that needs the robot to itself (inventory, inject, eject, door access): it starts once no
 * robot command is under way, and no new one starts until it returns.
 */
export interface ExclusiveJob extends JobBase {
  readonly kind: 'exclusive';
  run(): Promise<void>;
}

export type Job = MountJob | DismountJob | MoveJob | CleanJob | ExclusiveJob;
export type JobKind = Job['kind'];

/**
 * How a job ended. `drive`: the drive a mount or clean used. A job cancelled or timed out after a
 * cartridge moved leaves it where the last robot command put it (never in a picker); the host heard
 * of every move through `moved`.
 */
export type Outcome =
  | { readonly state: 'completed'; readonly drive?: number }
  | { readonly state: 'failed'; readonly error: unknown }
  | { readonly state: 'cancelled' }
  | { readonly state: 'timed-out' };

/** What `pending()` shows of a job that has not finished. */
export interface PendingJob {
  readonly id: number;
  readonly kind: JobKind;
  readonly priority: number;
  /** priority + aging, what the scheduler ranks by now. */
  readonly effectivePriority: number;
  readonly submittedAt: number;
  readonly state: 'queued' | 'waiting' | 'in-progress';
  /** The drive the job holds or is bound to, if any. */
  readonly drive: number | null;
}
