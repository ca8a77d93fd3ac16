import { hostname } from 'node:os';
import { processAlive } from '../../shared/processAlive.ts';

/**
 * Whether a lease's holder is provably gone: its owner id (managerOwnerId: "name@host (pid N)")
 * names this host and a process that no longer exists. A manager restarted right after a crash
 * proves this of its predecessor and takes the library back at once instead of waiting out the
 * lease. Anything else — another host, a process that still exists (if only stopped), an owner id
 * of another shape — proves nothing: the lease must expire first.
 */
export function holderIsGone(holderOwnerId: string, host = hostname()): boolean {
  const match = /@(.+) \(pid (\d+)\)$/.exec(holderOwnerId);
  if (match === null || match[1] !== host) return false;
  const pid = Number(match[2]);
  return pid !== process.pid && pid > 0 && !processAlive(pid);
}
