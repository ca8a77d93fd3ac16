// Why the scheduler refused or failed a job, as a closed set of codes the manager maps onto its
// own errors (rsmError.ts) and request error codes.

export type SchedulerErrorCode =
  /** The job itself is malformed: priority out of range, no candidate drive, a duplicate id. */
  | 'INVALID_JOB'
  /** The medium is not in this library (catalog: outside). */
  | 'MEDIUM_NOT_IN_LIBRARY'
  /** A dismount of an empty drive, or a move from an empty place. */
  | 'SOURCE_EMPTY'
  /** A move to a place that holds a cartridge nobody is taking out. */
  | 'DESTINATION_FULL'
  /** The scheduler was closed before the job could run. */
  | 'SCHEDULER_CLOSED';

export class SchedulerError extends Error {
  readonly code: SchedulerErrorCode;

  constructor(code: SchedulerErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SchedulerError';
    this.code = code;
  }
}

export function isSchedulerError(e: unknown): e is SchedulerError {
  return e instanceof SchedulerError;
}
