// A job as the scheduler tracks it between submit and outcome: which step it is at and what that
// step knows (a union by step, so a step's facts exist exactly when the step does), what it
// holds, and whether someone asked it to stop.
import type { Placement } from './host.ts';
import type { Job, Outcome } from './job.ts';
import type { Place } from '../../shared/place.ts';

export type StopReason = 'cancelled' | 'timed-out' | 'closed';

/** Where a job's cartridge goes at its robot turn. */
export type Goal =
  /** Into a drive (mount, clean, a raw move to a drive): the drive bound to the job in rank order, null until one is. */
  | { readonly into: 'drive'; drive: number | null }
  /** A raw move to a slot, mailslot or picker. */
  | { readonly into: 'place'; readonly place: Place }
  /** Out of a drive to a free slot the host picks at the robot turn (a dismount). */
  | { readonly into: 'slot'; readonly placement: Placement };

/** The host has not yet said where the cartridge is. */
export interface Prepare { readonly step: 'prepare' }
/** The cartridge is in a drive another job works on: look again once that job is done. */
export interface Behind { readonly step: 'behind'; readonly after: Entry }
/** The cartridge is in `drive`: the job needs that drive to itself, then the drive-side unload. */
export interface Source { readonly step: 'source'; readonly drive: number; readonly goal: Goal }
/** Waits for a robot turn (and, going into a drive, for that drive to be bound and empty). */
export interface Ready { readonly step: 'ready'; readonly medium: string; readonly source: Place; readonly goal: Goal }
/** The drive is loading the cartridge, or cleaning (drive-side time, robot free). */
export interface Settle { readonly step: 'settle'; readonly medium: string; readonly drive: number }
/** A cleaner that has cleaned waits for the robot to take it home. */
export interface Return { readonly step: 'return'; readonly medium: string; readonly drive: number }
/** Inventory/inject/eject waiting for the robot to be idle, or running. */
export interface Exclusive { readonly step: 'exclusive' }
/** It has its outcome. */
export interface Done { readonly step: 'done' }

export type Stage = Prepare | Behind | Source | Ready | Settle | Return | Exclusive | Done;
export type Step = Stage['step'];

export interface Entry {
  readonly job: Job;
  readonly resolve: (outcome: Outcome) => void;
  /** Aborts the deadline timer once the job has its outcome. */
  readonly deadline: AbortController;
  stage: Stage;
  /** A host lookup, drive-side step, robot command or exclusive run of this job is under way. */
  active: boolean;
  /** It has done something besides looking things up (announced as in-progress). */
  started: boolean;
  /** It was told to the host as waiting for a busy drive. */
  waiting: boolean;
  stop: StopReason | null;
  /** Past the point of no return: a cleaner in a drive must come back; an exclusive run finishes. */
  committed: boolean;
  /** Drives this job has to itself right now (its source drive, its target while loading). */
  readonly owns: Set<number>;
}
