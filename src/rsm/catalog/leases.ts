// Library ownership: one manager at a time owns a library, through a lease row it must renew.
// Each acquisition bumps the library's fencing key, which the owner registers as its SCSI
// persistent-reservation key, so a manager that lost its lease (paused, partitioned) is refused
// by the changer itself. Every check-and-set is a single conditional UPDATE: two managers racing
// for a free library cannot both win on either engine.
import type { Expression, ExpressionBuilder, RawBuilder, SqlBool } from 'kysely';
import { CatalogError } from './catalogError.ts';
import type { CatalogContext } from './context.ts';
import type { CatalogDatabase } from './schema.ts';

/** The lease clock's now, evaluated by the engine (the PostgreSQL server's clock on PostgreSQL). */
type LeaseNow = RawBuilder<number>;

/** Which state of the library row lets a manager take it. */
type LibraryCondition = (eb: ExpressionBuilder<CatalogDatabase, 'libraries'>) => Expression<SqlBool>;

export interface Lease {
  readonly libraryId: string;
  readonly ownerId: string;
  /** Increases at every acquisition of this library, never reused. */
  readonly fencingKey: number;
  /** In the lease clock (the PostgreSQL server's on PostgreSQL): renew well before it. */
  readonly expiresAt: number;
}

export type LeaseAttempt =
  | { readonly acquired: true; readonly lease: Lease }
  | { readonly acquired: false; readonly ownerId: string; readonly expiresAt: number; readonly fencingKey: number };

function checkTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs <= 0) throw new CatalogError('INVALID_PARAMETER', `lease time-to-live ${ttlMs} ms`);
}

export class Leases {
  constructor(private readonly ctx: CatalogContext) {}

  /**
   * Take the library if nobody holds it or the holder's lease expired. A live lease refuses,
   * even for the same owner id: two processes must never act as one owner. A restarted manager
   * that proves its predecessor gone takes the lease with `takeOver`; otherwise it waits.
   */
  async acquire(libraryId: string, ownerId: string, ttlMs: number): Promise<LeaseAttempt> {
    checkTtl(ttlMs);
    const now = this.ctx.leaseNow();
    return this.take(libraryId, ownerId, ttlMs, now, (eb) => eb.or([eb('owner_id', 'is', null), eb('lease_expires_at', '<=', now)]));
  }

  /**
   * Take a library whose lease is still live but whose holder is known to be gone (a crashed
   * process on this very host): only while `from` — that holder, with that fencing key — still
   * holds it, so of two managers racing for it exactly one wins, and the fencing key goes up.
   */
  async takeOver(libraryId: string, ownerId: string, ttlMs: number, from: Pick<Lease, 'ownerId' | 'fencingKey'>): Promise<LeaseAttempt> {
    checkTtl(ttlMs);
    const now = this.ctx.leaseNow();
    return this.take(libraryId, ownerId, ttlMs, now, (eb) => eb.and([eb('owner_id', '=', from.ownerId), eb('fencing_key', '=', from.fencingKey)]));
  }

  private async take(libraryId: string, ownerId: string, ttlMs: number, now: LeaseNow, takeable: LibraryCondition): Promise<LeaseAttempt> {
    const taken = await this.ctx.db
      .updateTable('libraries')
      .set((eb) => ({
        owner_id: ownerId,
        lease_expires_at: eb(now, '+', ttlMs),
        lease_acquired_at: now,
        fencing_key: eb('fencing_key', '+', 1),
      }))
      .where('id', '=', libraryId)
      .where(takeable)
      .returning(['fencing_key', 'lease_expires_at'])
      .executeTakeFirst();
    if (taken !== undefined) {
      return { acquired: true, lease: { libraryId, ownerId, fencingKey: taken.fencing_key, expiresAt: taken.lease_expires_at ?? 0 } };
    }
    const holder = await this.ctx.db.selectFrom('libraries').select(['owner_id', 'lease_expires_at', 'fencing_key']).where('id', '=', libraryId).executeTakeFirst();
    if (holder === undefined) throw new CatalogError('NOT_FOUND', `no library ${libraryId}`);
    return { acquired: false, ownerId: holder.owner_id ?? '', expiresAt: holder.lease_expires_at ?? 0, fencingKey: holder.fencing_key };
  }

  /** As `acquire`, but a refusal throws LEASE_HELD naming the holder and its expiry. */
  async acquireOrThrow(libraryId: string, ownerId: string, ttlMs: number): Promise<Lease> {
    const attempt = await this.acquire(libraryId, ownerId, ttlMs);
    if (attempt.acquired) return attempt.lease;
    throw new CatalogError('LEASE_HELD', `library ${libraryId} is owned by ${attempt.ownerId} until ${new Date(attempt.expiresAt).toISOString()}`);
  }

  /**
   * Extend a lease still held. An expired lease is not revived even if nobody took it: the owner
   * may have acted on stale state meanwhile, so it must acquire again and get a new fencing key.
   */
  async renew(lease: Pick<Lease, 'libraryId' | 'ownerId' | 'fencingKey'>, ttlMs: number): Promise<Lease> {
    checkTtl(ttlMs);
    const now = this.ctx.leaseNow();
    const renewed = await this.ctx.db
      .updateTable('libraries')
      .set((eb) => ({ lease_expires_at: eb(now, '+', ttlMs) }))
      .where('id', '=', lease.libraryId)
      .where('owner_id', '=', lease.ownerId)
      .where('fencing_key', '=', lease.fencingKey)
      .where('lease_expires_at', '>', now)
      .returning(['lease_expires_at'])
      .executeTakeFirst();
    if (renewed === undefined) throw await this.lost(lease, 'renew');
    return { libraryId: lease.libraryId, ownerId: lease.ownerId, fencingKey: lease.fencingKey, expiresAt: renewed.lease_expires_at ?? 0 };
  }

  /** Give the library up. Releasing a lease already lost is a no-op: someone else owns it now. */
  async release(lease: Pick<Lease, 'libraryId' | 'ownerId' | 'fencingKey'>): Promise<boolean> {
    const released = await this.ctx.db
      .updateTable('libraries')
      .set({ owner_id: null, lease_expires_at: null, lease_acquired_at: null })
      .where('id', '=', lease.libraryId)
      .where('owner_id', '=', lease.ownerId)
      .where('fencing_key', '=', lease.fencingKey)
      .executeTakeFirst();
    return released.numUpdatedRows === 1n;
  }

  /** Throw LEASE_LOST unless `lease` is still the live lease: the guard for owner-only writes. */
  async assertHeld(lease: Pick<Lease, 'libraryId' | 'ownerId' | 'fencingKey'>): Promise<void> {
    const now = this.ctx.leaseNow();
    const row = await this.ctx.db
      .selectFrom('libraries')
      .select('id')
      .where('id', '=', lease.libraryId)
      .where('owner_id', '=', lease.ownerId)
      .where('fencing_key', '=', lease.fencingKey)
      .where('lease_expires_at', '>', now)
      .executeTakeFirst();
    if (row === undefined) throw await this.lost(lease, 'use');
  }

  /** The current holder, or undefined when the library is free (never owned, released or expired). */
  async holder(libraryId: string): Promise<Lease | undefined> {
    const now = this.ctx.leaseNow();
    const row = await this.ctx.db
      .selectFrom('libraries')
      .select(['owner_id', 'lease_expires_at', 'fencing_key'])
      .where('id', '=', libraryId)
      .where('owner_id', 'is not', null)
      .where('lease_expires_at', '>', now)
      .executeTakeFirst();
    if (row === undefined || row.owner_id === null || row.lease_expires_at === null) return undefined;
    return { libraryId, ownerId: row.owner_id, fencingKey: row.fencing_key, expiresAt: row.lease_expires_at };
  }

  private async lost(lease: Pick<Lease, 'libraryId' | 'ownerId' | 'fencingKey'>, verb: string): Promise<CatalogError> {
    const row = await this.ctx.db.selectFrom('libraries').select(['owner_id', 'fencing_key']).where('id', '=', lease.libraryId).executeTakeFirst();
    if (row === undefined) return new CatalogError('NOT_FOUND', `no library ${lease.libraryId}`);
    const now = row.owner_id === null ? 'nobody owns it' : `${row.owner_id} owns it with fencing key ${row.fencing_key}`;
    return new CatalogError('LEASE_LOST', `cannot ${verb} lease ${lease.fencingKey} of library ${lease.libraryId} for ${lease.ownerId}: it expired or was taken over (${now})`);
  }
}
