// The pool half of a token's scope (accessScope.ts), checked where the manager knows which pool a
// medium is in: a scoped caller may mount, dismount, eject or re-pool only media of its pools (and
// their sub-pools), and allocate only from them. Refusals are ACCESS_DENIED (403).
import type { CatalogScope, Library, Medium, Pool } from '../../catalog/index.ts';
import type { AccessScope } from '../../accessScope.ts';
import { RsmError } from '../../rsmError.ts';
import type { Caller, DismountOrder, MountOrder } from '../../service.ts';

function who(caller: Caller): string {
  return caller.token ?? caller.application ?? 'this caller';
}

/** The names of `name` and every pool below it. */
function withSubPools(pools: readonly Pool[], names: readonly string[]): Set<string> {
  const ids = new Set(pools.filter((p) => names.includes(p.name)).map((p) => p.id));
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of pools) {
      if (p.parentId !== null && ids.has(p.parentId) && !ids.has(p.id)) {
        ids.add(p.id);
        grew = true;
      }
    }
  }
  return ids;
}

function limited(caller: Caller): AccessScope['pools'] {
  return caller.scope?.pools;
}

function denied(caller: Caller, allowed: readonly string[], what: string): RsmError {
  return new RsmError('ACCESS_DENIED', `token ${who(caller)} may use only the media of pool${allowed.length === 1 ? '' : 's'} ${allowed.join(', ')}; ${what}`);
}

/** A pool the caller names (a mount from a pool, a move into one). */
export async function checkPoolName(catalog: CatalogScope, caller: Caller, pool: string): Promise<void> {
  const allowed = limited(caller);
  if (allowed === undefined) return;
  const target = await catalog.pools.findByName(pool);
  if (target === undefined) return; // the operation itself says "no pool …"
  if (!withSubPools(await catalog.pools.list(), allowed).has(target.id)) throw denied(caller, allowed, `${pool} is not one of them`);
}

/** A medium the caller would touch. */
export async function checkMediumAccess(catalog: CatalogScope, caller: Caller, medium: Medium): Promise<void> {
  const allowed = limited(caller);
  if (allowed === undefined) return;
  const pools = await catalog.pools.list();
  if (medium.poolId !== null && withSubPools(pools, allowed).has(medium.poolId)) return;
  const pool = pools.find((p) => p.id === medium.poolId)?.name;
  throw denied(caller, allowed, `${medium.barcode ?? medium.id} is ${pool !== undefined ? `in pool ${pool}` : 'in no pool'}`);
}

export async function checkBarcodeAccess(catalog: CatalogScope, caller: Caller, library: Library, barcode: string): Promise<void> {
  if (limited(caller) === undefined) return;
  const medium = await catalog.media.findByBarcode(library.id, barcode);
  if (medium !== undefined) await checkMediumAccess(catalog, caller, medium);
}

export async function checkMountAccess(catalog: CatalogScope, caller: Caller, library: Library, order: MountOrder): Promise<void> {
  if (limited(caller) === undefined) return;
  if (order.pool !== undefined) await checkPoolName(catalog, caller, order.pool);
  if (order.barcode !== undefined) await checkBarcodeAccess(catalog, caller, library, order.barcode);
}

export async function checkDismountAccess(catalog: CatalogScope, caller: Caller, library: Library, order: DismountOrder): Promise<void> {
  if (limited(caller) === undefined) return;
  if (order.barcode !== undefined) return checkBarcodeAccess(catalog, caller, library, order.barcode);
  if (order.drive === undefined) return;
  const medium = await catalog.media.at(library.id, { type: 'drive', index: order.drive });
  if (medium !== undefined) await checkMediumAccess(catalog, caller, medium);
}
