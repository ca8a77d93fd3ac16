// How the manager comes to own one library: the class driver's exclusive open (DEVICE_BUSY while
// any other process holds it) with a transport that reports unit attentions, then the catalog
// lease that other managers on the same catalog respect, renewed while we run. One small
// function, so the full LibraryOwner (lease + SCSI persistent reservation with the fencing key)
// can take its place without the rest of the manager noticing.
import { Changer } from '../../driver/changer.ts';
import { holdKeyFor } from '../../driver/smc/connect.ts';
import { SmcMiniclass } from '../../driver/smc/smcMiniclass.ts';
import { openTransport } from '../../transport/openTransport.ts';
import type { Catalog, Lease } from '../catalog/index.ts';
import { isCatalogError } from '../catalog/index.ts';
import { AttentionWatchingTransport, type UnitAttention } from './attentionWatch.ts';

/** Open the changer behind `url` exclusively, reporting every unit attention it raises. */
export async function openWatchedChanger(url: string, owner: string, onAttention: (attention: UnitAttention) => void): Promise<Changer> {
  return Changer.open(url, {
    owner,
    deviceKey: holdKeyFor(url),
    connect: async (u) => new SmcMiniclass(new AttentionWatchingTransport(await openTransport(u), onAttention)),
  });
}

export interface LeaseKeeperOptions {
  readonly ttlMs: number;
  /** How long to wait for a lease held by someone else (e.g. our own previous process) to expire. */
  readonly waitMs: number;
  readonly onLost: (error: unknown) => void;
}

/**
 * The catalog lease of one library, renewed every third of its life. Renewal runs on real
 * timers: the lease is measured in the catalog's clock, which is wall time, whatever clock the
 * emulator runs on.
 */
export class LeaseKeeper {
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  private constructor(
    private readonly catalog: Catalog,
    private current: Lease,
    private readonly options: LeaseKeeperOptions,
  ) {}

  static async acquire(catalog: Catalog, libraryId: string, ownerId: string, options: LeaseKeeperOptions): Promise<LeaseKeeper> {
    const deadline = Date.now() + options.waitMs;
    for (;;) {
      const attempt = await catalog.acquireLease(libraryId, ownerId, options.ttlMs);
      if (attempt.acquired) {
        const keeper = new LeaseKeeper(catalog, attempt.lease, options);
        keeper.#schedule();
        return keeper;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new LeaseRefused(attempt.ownerId, attempt.expiresAt);
      await new Promise((resolve) => setTimeout(resolve, Math.min(left, Math.max(50, Math.min(500, attempt.expiresAt - Date.now())))));
    }
  }

  get lease(): Lease {
    return this.current;
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void this.#renew(), Math.max(100, Math.floor(this.options.ttlMs / 3)));
    this.#timer.unref();
  }

  async #renew(): Promise<void> {
    if (this.#stopped) return;
    try {
      this.current = await this.catalog.renewLease(this.current, this.options.ttlMs);
      this.#schedule();
    } catch (error) {
      if (this.#stopped) return;
      if (isCatalogError(error, 'LEASE_LOST')) {
        this.#stopped = true;
        this.options.onLost(error);
        return;
      }
      // The catalog hiccuped (connection reset): try again soon, the lease may still be alive.
      this.#schedule();
    }
  }

  async release(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    await this.catalog.releaseLease(this.current).catch(() => false);
  }
}

export class LeaseRefused extends Error {
  override readonly name = 'LeaseRefused';

  constructor(
    readonly ownerId: string,
    readonly expiresAt: number,
  ) {
    super(`owned by ${ownerId} until ${new Date(expiresAt).toISOString()}`);
  }
}
