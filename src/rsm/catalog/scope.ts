// Every concern of the catalog, bound to one executor: the catalog itself hands out a scope over
// its connection pool, and `transaction` hands its callback a scope over one transaction, so the
// same calls compose into one atomic unit.
import { Audit } from './audit.ts';
import type { CatalogContext } from './context.ts';
import { Drives } from './drives.ts';
import { Leases, type Lease, type LeaseAttempt } from './leases.ts';
import { Libraries } from './libraries.ts';
import { Media } from './media.ts';
import { ObjectSettingsStore } from './objectSettings.ts';
import { OperatorRequests } from './operatorRequests.ts';
import { Pools } from './pools.ts';
import { Requests } from './requests.ts';

export class CatalogScope {
  readonly libraries: Libraries;
  readonly drives: Drives;
  readonly media: Media;
  readonly pools: Pools;
  readonly requests: Requests;
  readonly operatorRequests: OperatorRequests;
  readonly audit: Audit;
  readonly leases: Leases;
  readonly objectSettings: ObjectSettingsStore;

  constructor(protected readonly ctx: CatalogContext) {
    this.libraries = new Libraries(ctx);
    this.drives = new Drives(ctx);
    this.media = new Media(ctx);
    this.pools = new Pools(ctx);
    this.requests = new Requests(ctx);
    this.operatorRequests = new OperatorRequests(ctx);
    this.audit = new Audit(ctx);
    this.leases = new Leases(ctx);
    this.objectSettings = new ObjectSettingsStore(ctx);
  }

  /** Take library ownership if it is free or its lease expired (see Leases.acquire). */
  acquireLease(libraryId: string, ownerId: string, ttlMs: number): Promise<LeaseAttempt> {
    return this.leases.acquire(libraryId, ownerId, ttlMs);
  }

  /** Take a live lease from a holder known to be gone, if it still holds it (see Leases.takeOver). */
  takeOverLease(libraryId: string, ownerId: string, ttlMs: number, from: Pick<Lease, 'ownerId' | 'fencingKey'>): Promise<LeaseAttempt> {
    return this.leases.takeOver(libraryId, ownerId, ttlMs, from);
  }

  /** Extend a live lease; LEASE_LOST once it expired or was taken over. */
  renewLease(lease: Pick<Lease, 'libraryId' | 'ownerId' | 'fencingKey'>, ttlMs: number): Promise<Lease> {
    return this.leases.renew(lease, ttlMs);
  }

  releaseLease(lease: Pick<Lease, 'libraryId' | 'ownerId' | 'fencingKey'>): Promise<boolean> {
    return this.leases.release(lease);
  }
}
