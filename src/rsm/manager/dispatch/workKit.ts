// What the work of each request kind (mountWork.ts, injectEject.ts, cleaning.ts) needs from the
// dispatcher: the scheduler behind the library, the request's end, and a person when one is needed.
import type { LibraryRequest, Medium, OperatorRequest, OperatorRequestKind } from '../../catalog/index.ts';
import type { Job, Outcome } from '../../scheduler/index.ts';
import type { ManagerContext } from '../context.ts';
import type { OwnedLibrary } from '../library/index.ts';
import type { OperatorDesk, RequestTracker } from '../requests/index.ts';

export interface DispatchMode {
  /** Found unfinished by a restarted manager. */
  readonly resumed?: boolean;
  /** The operator did what the linked operator request asked. */
  readonly afterOperator?: boolean;
}

/** A scheduler job without the fields every job takes from its request row. */
export type JobSpec = Job extends infer J ? (J extends Job ? Omit<J, 'id' | 'priority' | 'submittedAt' | 'deadlineAt'> : never) : never;

export interface WorkKit {
  readonly ctx: ManagerContext;
  readonly tracker: RequestTracker;
  readonly desk: OperatorDesk;
  /** Hand the job to the library's scheduler; undefined when the request was cancelled first. */
  submit(runtime: OwnedLibrary, request: LibraryRequest, spec: JobSpec): Promise<Outcome | undefined>;
  /** Run `work` with the robot to itself; its return value is the request's note. */
  exclusive(runtime: OwnedLibrary, request: LibraryRequest, work: () => Promise<string | null>): Promise<{ outcome: Outcome | undefined; note: string | null }>;
  /** `exclusive`, then end the request with the outcome. */
  exclusiveRequest(runtime: OwnedLibrary, request: LibraryRequest, work: () => Promise<string | null>): Promise<void>;
  finish(request: LibraryRequest, outcome: Outcome, note: string | null): Promise<void>;
  /** Raise (once) the operator request this request waits on, and mark it waiting. */
  waitForOperator(request: LibraryRequest, kind: OperatorRequestKind, message: string): Promise<OperatorRequest>;
  /** Queue a dismount on the manager's own behalf (a mount cancelled after its cartridge reached a drive). */
  dismountForManager(runtime: OwnedLibrary, drive: number): Promise<void>;
}

export function option<T>(request: LibraryRequest, key: string, fallback: T): T {
  const value = request.options[key];
  return value === undefined ? fallback : (value as T);
}

export function label(medium: Medium | undefined): string {
  return medium?.barcode ?? 'the cartridge';
}
