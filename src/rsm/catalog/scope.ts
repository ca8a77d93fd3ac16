// Every concern of the catalog, bound to one executor: the catalog itself hands out a scope over
// its connection pool, and `transaction` hands its callback a scope over one transaction, so the
// same calls compose into one atomic unit.
import { Audit } from './audit.ts';
import type { CatalogContext } from './context.ts';
import { Drives } from './drives.ts';
import { Leases } from './leases.ts';
import { Libraries } from './libraries.ts';
import { Media } from './media.ts';
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

  constructor(protected readonly ctx: CatalogContext) {
    this.libraries = new Libraries(ctx);
    this.drives = new Drives(ctx);
    this.media = new Media(ctx);
    this.pools = new Pools(ctx);
    this.requests = new Requests(ctx);
    this.operatorRequests = new OperatorRequests(ctx);
    this.audit = new Audit(ctx);
    this.leases = new Leases(ctx);
  }
}
