import { hostname } from 'node:os';
import { processAlive } from '../../shared/processAlive.ts';
import { parseOwnerId } from './ownerId.ts';

/**
 * Whether a lease's holder is provably gone: its owner id (managerOwnerId: "name@host (pid N)")
 * names this host and a process that no longer exists. A manager restarted right after a crash
 * proves this of its predecessor and takes the library back at once instead of waiting out the
 * lease. Anything else — another host, a process that still exists (if only stopped), an owner id
 * of another shape — proves nothing: the lease must expire first.
 */
export function holderIsGone(holderOwnerId: string, host = hostname()): boolean {
  const holder = parseOwnerId(holderOwnerId);
  if (holder === undefined || holder.host !== host) return false;
  return holder.pid !== process.pid && holder.pid > 0 && !processAlive(holder.pid);
}
