import { hostname } from 'node:os';

/**
 * The owner id a manager writes into the lease row: who it is, on which host, in which process,
 * so the manager refused can tell its operator exactly whom to look for.
 */
export function managerOwnerId(name = 'rsm', host = hostname(), pid = process.pid): string {
  return `${name}@${host} (pid ${pid})`;
}

/** The host and process an owner id names, when it was built by managerOwnerId; undefined otherwise. */
export function parseOwnerId(ownerId: string): { readonly host: string; readonly pid: number } | undefined {
  const match = /@(.+) \(pid (\d+)\)$/.exec(ownerId);
  return match === null ? undefined : { host: match[1] as string, pid: Number(match[2]) };
}
