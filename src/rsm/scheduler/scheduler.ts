// Interface commit: the implementation follows in the next commits.
import type { Job, Outcome, PendingJob } from './job.ts';
import type { SchedulerOptions } from './options.ts';
import { SchedulerError } from './schedulerError.ts';

export class Scheduler {
  readonly #options: SchedulerOptions;

  constructor(options: SchedulerOptions) {
    this.#options = options;
  }

  /** Queues a job; resolves with its outcome (never rejects for a job that ran: failures are outcomes). */
  submit(job: Job): Promise<Outcome> {
    void this.#options;
    return Promise.reject(new SchedulerError('INVALID_JOB', `job ${job.id}: the scheduler is not implemented yet`));
  }

  /** Cancels a job: true when it was still unfinished (it ends `cancelled` at its next safe point). */
  cancel(id: number): boolean {
    void id;
    return false;
  }

  /** Jobs not finished, best-ranked first. */
  pending(): readonly PendingJob[] {
    return [];
  }

  /** Stops taking jobs; queued ones end failed (SCHEDULER_CLOSED); resolves when running robot commands are over. */
  async close(): Promise<void> {}
}
