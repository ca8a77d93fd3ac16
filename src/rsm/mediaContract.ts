// The media services of the NTMS contract (reference windows-changer §7.6 "Media services", §7.5):
// what an application may do to media and pools without the robot — allocate a scratch side and
// give it back, set it complete, retire it, swap logical media between sides, move it between
// pools, forget a cartridge that left for good, delete an empty pool. Each is a catalog change,
// audited and published as an event; none queues a request.
import type { Pool, PoolPolicy } from './catalog/index.ts';
import type { Caller, MediumView } from './service.ts';

/** AllocateNtmsMedia: reserve a side of a scratch medium in an application pool without mounting it. */
export interface AllocateOrder {
  /** The application pool that gets the medium. */
  readonly pool: string;
  /** Only media of this library (default: any library the catalog knows). */
  readonly library?: string;
  /** Claim this medium (e.g. one in the import pool: a one-step import); needs `library`. */
  readonly barcode?: string;
  readonly side?: number;
}

export interface MediumAllocation {
  readonly medium: MediumView;
  /** The side allocated (0 for tape; 0 = A, 1 = B on two-sided media). */
  readonly side: number;
  /** The pool it was taken from (NTMS AllocatedFrom): the pool itself, or its free pool. */
  readonly allocatedFrom: string;
}

/** One side of a medium by barcode (DeallocateNtmsMedia, SetNtmsMediaComplete, DecommissionNtmsMedia). */
export interface SideOrder {
  readonly library: string;
  readonly barcode: string;
  /** Default 0. */
  readonly side?: number;
}

/** SwapNtmsMedia: the logical media on two sides (of one two-sided medium, or two media of one pool) trade places. */
export interface SwapOrder {
  readonly library: string;
  readonly first: { readonly barcode: string; readonly side?: number };
  readonly second: { readonly barcode: string; readonly side?: number };
}

export interface MediaLifecycleService {
  /** DeleteNtmsMediaPool: an empty application pool only. */
  deletePool(name: string, caller: Caller): Promise<Pool>;
  /** SetNtmsObjectInformation on a pool: AllocationPolicy, DeallocationPolicy, dwMaxAllocates (application pools). */
  setPoolPolicy(name: string, policy: PoolPolicy, caller: Caller): Promise<Pool>;
  allocate(order: AllocateOrder, caller: Caller): Promise<MediumAllocation>;
  /** DeallocateNtmsMedia: the side becomes available again (or decommissioned once worn out); the pool's policy may return the medium to scratch. */
  deallocate(order: SideOrder, caller: Caller): Promise<MediumView>;
  /** MoveToNtmsMediaPool, with the catalog's pool rules. */
  moveMediumToPool(library: string, barcode: string, pool: string, caller: Caller): Promise<MediumView>;
  /** SetNtmsMediaComplete: the side is full; it is mounted for reading only from now on. */
  setMediumComplete(order: SideOrder, caller: Caller): Promise<MediumView>;
  /** DecommissionNtmsMedia: an available side is retired for good. */
  decommissionMedium(order: SideOrder, caller: Caller): Promise<MediumView>;
  swapSides(order: SwapOrder, caller: Caller): Promise<readonly MediumView[]>;
  /** DeleteNtmsMedia: forget a medium that is outside the library for good. */
  deleteMedium(library: string, barcode: string, caller: Caller): Promise<MediumView>;
}
