import { CatalogError, type CatalogErrorCode } from './catalogError.ts';

/**
 * The one refusal for a SQLite catalog file that exists but cannot be used. Every such file is
 * left as it is: it may be the only copy of the pools, the request history and the fencing key,
 * so starting over is the operator's decision, and the message says how.
 */
export function unusableCatalogFile(path: string, reason: string, code: CatalogErrorCode, cause?: unknown): CatalogError {
  return new CatalogError(
    code,
    `${path} is not a usable Changer catalog: ${reason}. It was left untouched: restore it from a backup, or move it away to start over with a new, empty catalog.`,
    cause === undefined ? undefined : { cause },
  );
}
