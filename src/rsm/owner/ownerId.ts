import { hostname } from 'node:os';

/**
 * The owner id a manager writes into the lease row: who it is, on which host, in which process,
 * so the manager refused can tell its operator exactly whom to look for.
 */
export function managerOwnerId(name = 'rsm', host = hostname(), pid = process.pid): string {
  return `${name}@${host} (pid ${pid})`;
}
