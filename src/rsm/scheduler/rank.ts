// The order jobs get the robot and the drives in: dismounts (and cleaners coming back) before
// everything else, as NTMS processes dismounts before mounts, because an emptied drive is what
// the next mount waits for; then priority raised by aging; then age; then id.
import type { Job } from './job.ts';

/**
 * priority + one step per `agingMs` waited, without limit. Since every job ages at the same rate, a
 * job J can only be overtaken by jobs that arrived less than (30 + 1) × agingMs after it (a later
 * one is at least 31 steps younger and at most 30 steps more urgent), so J waits a bounded time.
 */
export function effectivePriority(job: Pick<Job, 'priority' | 'submittedAt'>, now: number, agingMs: number): number {
  const waited = Math.max(0, now - job.submittedAt);
  return job.priority + Math.floor(waited / agingMs);
}

export interface Rankable {
  readonly job: Job;
  /** 0: frees a drive (dismount, a cleaner's return); 1: everything else. */
  readonly urgency: 0 | 1;
  /**
   * Where an operator put it in the queue (SetNtmsRequestOrder): negative = moved to the front
   * (the latest move first), positive = moved to the back, 0 = where priority puts it.
   */
  readonly position?: number;
}

/** Negative when `a` goes first. */
export function compareRank(a: Rankable, b: Rankable, now: number, agingMs: number): number {
  return (
    a.urgency - b.urgency ||
    (a.position ?? 0) - (b.position ?? 0) ||
    effectivePriority(b.job, now, agingMs) - effectivePriority(a.job, now, agingMs) ||
    a.job.submittedAt - b.job.submittedAt ||
    a.job.id - b.job.id
  );
}
