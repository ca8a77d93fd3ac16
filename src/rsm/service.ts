// What the Removable Storage Manager offers its clients: the contract between the manager (rsm/)
// and its front ends (api/, and through the API the `changer` client commands, changer-mtx rsm://
// and the web UI). Front ends never reach a changer or the catalog except through this surface,
// so every request is arbitrated, audited and reconciled in one place.
import type {
  Actor, Drive, Element, Library, LibraryRequest, Medium, MediumSide, OperatorRequest, OperatorRequestKind,
  OperatorRequestState, Pool, RequestHistoryEntry, RequestKind, RequestState,
} from './catalog/index.ts';
import type { MediumState, SideState } from './catalog/index.ts';
import type { ManagerEvent } from './events.ts';
import type { ScopedCaller } from './accessScope.ts';
import type { MediaLifecycleService } from './mediaContract.ts';
import type { Place, PlaceType } from '../shared/place.ts';
import type { OperationsService } from './operationsContract.ts';

/** Who asks: recorded in the audit log and on every request (never a token secret). */
export type Caller = Actor & ScopedCaller;

export interface LibrarySummary extends Library {
  /** True while this manager holds the library (exclusive open + reservation + live lease). */
  readonly ownedHere: boolean;
  readonly slotCount: number;
  readonly driveCount: number;
  readonly ieportCount: number;
  readonly mediaCount: number;
  readonly queuedRequests: number;
  /** False while an operator has the library out of service (DisableNtmsObject); then disabledReason says why. */
  readonly enabled: boolean;
  readonly disabledReason: string | null;
  /** What people wrote about it (SetNtmsObjectInformation). */
  readonly description: string | null;
}

export interface LibraryDetail extends LibrarySummary {
  readonly elements: readonly Element[];
  readonly drives: readonly DriveView[];
}

export interface DriveView extends Drive {
  /** The medium the catalog places in the drive, if any. */
  readonly barcode: string | null;
  readonly mediumId: string | null;
  /** False while the drive is out of service: it gets no mounts; disabledReason says why. */
  readonly enabled: boolean;
  readonly disabledReason: string | null;
  readonly name: string | null;
  readonly description: string | null;
}

export interface MediumView extends Medium {
  readonly sides: readonly MediumSide[];
  readonly poolName: string | null;
  readonly libraryName: string;
}

export interface MediaQuery {
  readonly library?: string;
  readonly pool?: string;
  /** A barcode, or a pattern: `*` any run of characters, `?` one character (case-insensitive). */
  readonly barcode?: string;
  readonly location?: PlaceType | 'outside';
  /** Any of these medium states (NtmsMediaState). */
  readonly states?: readonly MediumState[];
  /** Media with a side in any of these states (e.g. available: scratch). */
  readonly sideStates?: readonly SideState[];
  readonly mediaType?: string;
  /** Last mounted at or after this time (epoch ms). */
  readonly mountedSince?: number;
  /** Last mounted before this time, or never (epoch ms). */
  readonly mountedBefore?: number;
  readonly limit?: number;
  readonly offset?: number;
}

/** Mount a medium: a named one (barcode), or any available side of a pool (allocation, as NTMS). */
export interface MountOrder {
  readonly library: string;
  readonly barcode?: string;
  /** The medium by its catalog id instead of its barcode (as an allocation answers it). */
  readonly mediumId?: string;
  /** Pool name; without `barcode` a scratch medium is allocated from it (from the free pool when empty and the pool allows). */
  readonly pool?: string;
  readonly side?: number;
  /** One drive (zero-based); omitted: any enabled drive that can read (and for `write`, write) the media type. */
  readonly drive?: number;
  readonly access?: 'read' | 'write';
  /** −15 (lowest) … +15 (highest); default 0. */
  readonly priority?: number;
  /** The request fails with `timed-out` when not mounted within this time. */
  readonly timeoutMs?: number;
}

export interface DismountOrder {
  readonly library: string;
  /** The drive to empty, or the medium to take out of whichever drive holds it. */
  readonly drive?: number;
  readonly barcode?: string;
  /** Where the medium goes: its home slot (default policy) or the nearest free slot. */
  readonly placement?: 'home' | 'nearest';
  /** Deallocate the side (back to its pool's scratch policy) once dismounted. */
  readonly deallocate?: boolean;
  /** NTMS_DISMOUNT_IMMEDIATE: take it out now even when the manager defers dismounts (deferDismountMs). */
  readonly immediate?: boolean;
  readonly priority?: number;
  readonly timeoutMs?: number;
}

export interface InjectOrder {
  readonly library: string;
  /** Through the import/export ports (default) or the door (open → operator → close → inventory). */
  readonly via?: 'mailslot' | 'door';
  /** The pool injected media with unknown barcodes go to (default: the import pool). */
  readonly pool?: string;
  /**
   * Cleanings left on the cleaner cartridges this inject brings in (InjectNtmsCleaner's
   * dwNumberOfCleansLeft), so the manager can count them down; default: not counted (-1).
   */
  readonly cleanerUses?: number;
  /** The request ends `timed-out` when not done within this time, waiting for the operator included. */
  readonly timeoutMs?: number;
}

export interface EjectOrder {
  readonly library: string;
  readonly barcodes: readonly string[];
  readonly via?: 'mailslot' | 'door';
  /** The request ends `timed-out` when not done within this time, waiting for the operator included. */
  readonly timeoutMs?: number;
}

export interface InventoryOrder {
  readonly library: string;
  /** fast: barcodes from element status; full: also identify unlabelled media (mount and read). */
  readonly mode?: 'fast' | 'full';
}

export interface CleanOrder {
  readonly library: string;
  readonly drive: number;
  readonly priority?: number;
  /** The request ends `timed-out` when not done within this time, waiting for a cleaner included. */
  readonly timeoutMs?: number;
}

/** A raw move between two elements (mtx load/unload/transfer through rsm://): arbitrated and reconciled like any request. */
export interface MoveOrder {
  readonly library: string;
  readonly from: Place;
  readonly to: Place;
  readonly priority?: number;
  readonly timeoutMs?: number;
}

export interface RequestQuery {
  readonly library?: string;
  readonly states?: readonly RequestState[];
  readonly kinds?: readonly RequestKind[];
  readonly limit?: number;
}

/** The drive a request names, as an application reaches it (a mount's answer: where to write). */
export interface RequestDrive {
  /** Zero-based drive index, as driveIndex. */
  readonly index: number;
  readonly serialNumber: string | null;
  /** The drive's own device (e.g. iscsi://127.0.0.1/<iqn>/1), without credentials; null when the manager found none. */
  readonly deviceUrl: string | null;
}

export interface RequestView extends LibraryRequest {
  readonly libraryName: string;
  readonly barcode: string | null;
  /** The drive of driveIndex with its serial number and device URL; null while no drive is chosen. */
  readonly drive: RequestDrive | null;
  /** Why it failed, for people (errorCode is for programs). */
  readonly errorMessage: string | null;
  readonly history: readonly RequestHistoryEntry[];
}

export interface OperatorRequestQuery {
  readonly library?: string;
  readonly states?: readonly OperatorRequestState[];
  readonly kinds?: readonly OperatorRequestKind[];
}

export interface NewPool {
  readonly name: string;
  readonly mediaType: string | null;
  readonly parent?: string;
  readonly allocateFromScratch?: boolean;
  readonly deallocateToScratch?: boolean;
  readonly maxAllocations?: number | null;
}

/** What closing the mailslot came to: closed (by the library, or it was not open), or an operator request to close it. */
export interface MailslotClosing {
  readonly library: string;
  readonly state: 'closed' | 'waiting-for-operator';
  readonly operatorRequest: OperatorRequest | null;
}

/**
 * The manager's operations. Mutating calls that move cartridges return the queued request at once;
 * callers follow it with `request(id)`, `waitForRequest(id)` or the event stream. Every refusal is an
 * RsmError (rsmError.ts), never a bare Error.
 */
export interface StorageService extends OperationsService, MediaLifecycleService {
  libraries(): Promise<readonly LibrarySummary[]>;
  library(name: string): Promise<LibraryDetail>;

  media(query: MediaQuery): Promise<readonly MediumView[]>;
  /**
   * Differs from every earlier mark whenever what a media listing shows (media, their sides, pools,
   * library names) may have changed since, by anyone; while it stays the same, a listing read after
   * taking it may be given again as it was. Requests, leases and the audit do not move it.
   */
  mediaChangeMark(): Promise<string>;
  medium(library: string, barcode: string): Promise<MediumView>;

  pools(): Promise<readonly Pool[]>;
  createPool(pool: NewPool, caller: Caller): Promise<Pool>;

  mount(order: MountOrder, caller: Caller): Promise<RequestView>;
  dismount(order: DismountOrder, caller: Caller): Promise<RequestView>;
  move(order: MoveOrder, caller: Caller): Promise<RequestView>;
  inject(order: InjectOrder, caller: Caller): Promise<RequestView>;
  eject(order: EjectOrder, caller: Caller): Promise<RequestView>;
  inventory(order: InventoryOrder, caller: Caller): Promise<RequestView>;
  clean(order: CleanOrder, caller: Caller): Promise<RequestView>;
  /** Close the mailslot: by command where the library accepts it, else by asking the operator. */
  closeMailslot(library: string, caller: Caller): Promise<MailslotClosing>;

  requests(query: RequestQuery): Promise<readonly RequestView[]>;
  request(id: number): Promise<RequestView>;
  /** Resolves with the request once it is in a final state (or at `timeoutMs`, with it as it is). */
  waitForRequest(id: number, timeoutMs?: number): Promise<RequestView>;
  /** Cancels a request that has not finished; one already in progress stops at the next safe point. */
  cancelRequest(id: number, caller: Caller): Promise<RequestView>;

  operatorRequests(query: OperatorRequestQuery): Promise<readonly OperatorRequest[]>;
  acknowledgeOperatorRequest(id: number, caller: Caller): Promise<OperatorRequest>;
  refuseOperatorRequest(id: number, caller: Caller, reason?: string): Promise<OperatorRequest>;
  /** The operator did what was asked (closed the door, put the cleaner in…): the manager checks and goes on. */
  completeOperatorRequest(id: number, caller: Caller): Promise<OperatorRequest>;

  /** Every change of state, in order; returns the unsubscribe function. */
  subscribe(listener: (event: ManagerEvent) => void): () => void;

  close(): Promise<void>;
}
