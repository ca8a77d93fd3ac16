// The operations half of the NTMS application contract (reference windows-changer §7): what an
// application or operator asks of the manager besides moving cartridges — telling it a drive needs
// cleaning, writing to the operator, putting a queued request first or last, purging old requests,
// taking a library, drive or medium out of service and naming it. StorageService extends it, so
// the API reaches it through the same service object.
import type { OperatorRequest, OperatorRequestKind, RequestKind } from './catalog/index.ts';
import type { Caller, RequestView } from './service.ts';

/** SubmitNtmsOperatorRequest as an application asks it. */
export interface OperatorRequestOrder {
  readonly library?: string;
  /** Default `message`. */
  readonly kind?: OperatorRequestKind;
  readonly message: string;
}

/** What reporting a drive that needs cleaning came to: the cleaning queued, or null when one already was. */
export interface CleaningReport {
  readonly library: string;
  readonly drive: number;
  readonly request: RequestView | null;
}

/** One request of a library's queue in the order the scheduler would serve it now (GetNtmsRequestOrder). */
export interface QueuedRequest {
  /** 1-based place in the queue; requests under way come first. */
  readonly order: number;
  readonly id: number;
  readonly kind: RequestKind;
  readonly state: 'queued' | 'waiting' | 'in-progress';
  readonly priority: number;
  /** Priority raised by waiting, what the scheduler ranks by now. */
  readonly effectivePriority: number;
  readonly submittedAt: number;
  readonly drive: number | null;
}

export type QueuePosition = 'front' | 'back';

export interface PurgeResult {
  readonly deleted: number;
  /** Requests that finished before this time were deleted (epoch ms). */
  readonly before: number;
}

/** An object Enable/DisableNtmsObject and SetNtmsObjectInformation act on. */
export type ObjectRef =
  | { readonly type: 'library'; readonly library: string }
  | { readonly type: 'drive'; readonly library: string; readonly drive: number }
  | { readonly type: 'medium'; readonly library: string; readonly barcode: string };

/** SetNtmsObjectInformation's writable strings (NTMS szName 64, szDescription 127). */
export interface ObjectInformation {
  readonly name?: string | null;
  readonly description?: string | null;
  /** Drives only (dwDeferDismountDelay): seconds a dismounted medium stays in the drive; 0 off; null: the manager's default. */
  readonly deferDismountSeconds?: number | null;
}

/** An object's service state and the names people gave it. */
export interface ObjectState {
  readonly type: ObjectRef['type'];
  readonly library: string;
  /** Drive index or barcode; null for a library. */
  readonly key: number | string | null;
  readonly enabled: boolean;
  /** Why it was disabled, as the operator said; null while enabled. */
  readonly disabledReason: string | null;
  readonly name: string | null;
  readonly description: string | null;
  /** Drives: their own deferred-dismount delay in seconds, or null (the manager's default); always null for libraries and media. */
  readonly deferDismountSeconds: number | null;
}

/** A range audit of slots (ACSLS audit): zero-based slot indexes, both included. */
export interface SlotAuditOrder {
  readonly library: string;
  readonly from: number;
  readonly to: number;
}

export interface OperationsService {
  /** SubmitNtmsOperatorRequest. */
  submitOperatorRequest(order: OperatorRequestOrder, caller: Caller): Promise<OperatorRequest>;
  /** A drive needs cleaning (the application saw it): marked, and a cleaning queued unless one is. */
  reportDriveNeedsCleaning(library: string, drive: number, caller: Caller): Promise<RequestView | null>;
  /** GetNtmsRequestOrder for a whole library. */
  requestQueue(library: string): Promise<readonly QueuedRequest[]>;
  /** SetNtmsRequestOrder: first or last among the requests not started. */
  reorderRequest(id: number, position: QueuePosition, caller: Caller): Promise<readonly QueuedRequest[]>;
  /** Deletes finished requests older than `days` days (0: every finished request). */
  purgeRequests(days: number, caller: Caller, library?: string): Promise<PurgeResult>;
  /** EnableNtmsObject / DisableNtmsObject. */
  setObjectEnabled(object: ObjectRef, enabled: boolean, reason: string | null, caller: Caller): Promise<ObjectState>;
  /** SetNtmsObjectInformation (name, description). */
  describeObject(object: ObjectRef, information: ObjectInformation, caller: Caller): Promise<ObjectState>;
  objectState(object: ObjectRef): Promise<ObjectState>;
  /** Rescan and read slots from…to, reconcile the catalog; an inventory request of mode `audit` whose final note says what it found. */
  auditSlots(order: SlotAuditOrder, caller: Caller): Promise<RequestView>;
}
