// One error class for everything the catalog refuses, with a closed set of codes so the manager
// and the API can map each to a status without parsing messages. Where NTMS had a Win32 error
// for the same refusal, the code is named after it.

export type CatalogErrorCode =
  /** The URL names no engine the catalog supports. */
  | 'UNSUPPORTED_URL'
  /** The catalog could not be reached or opened (server down, wrong credentials, unwritable file). */
  | 'UNAVAILABLE'
  /** The file or database holds something that is not a Changer catalog. */
  | 'NOT_A_CATALOG'
  /** The SQLite file is damaged (SQLITE_CORRUPT / SQLITE_NOTADB). */
  | 'CORRUPT'
  /** The catalog was migrated by newer code; this code must not touch it. */
  | 'SCHEMA_TOO_NEW'
  | 'MIGRATION_FAILED'
  /** ERROR_OBJECT_NOT_FOUND. */
  | 'NOT_FOUND'
  /** ERROR_ALREADY_EXISTS. */
  | 'ALREADY_EXISTS'
  | 'INVALID_PARAMETER'
  /** The element does not exist in the library's layout. */
  | 'NO_SUCH_ELEMENT'
  /** A medium already occupies the destination (DESTINATION_ELEMENT_FULL). */
  | 'ELEMENT_FULL'
  /** A layout change would remove elements that still hold media. */
  | 'ELEMENT_OCCUPIED'
  /** Another medium of the library already carries the barcode. */
  | 'DUPLICATE_BARCODE'
  /** ERROR_INVALID_STATE: the object is not in a state that allows the change. */
  | 'INVALID_STATE'
  /** ERROR_MEDIA_UNAVAILABLE: nothing to allocate. */
  | 'MEDIA_UNAVAILABLE'
  /** ERROR_INVALID_MEDIA_POOL. */
  | 'INVALID_MEDIA_POOL'
  /** ERROR_MEDIA_INCOMPATIBLE: the pool holds another media type. */
  | 'MEDIA_INCOMPATIBLE'
  /** DeleteNtmsMediaPool on a pool that still holds media or pools. */
  | 'POOL_NOT_EMPTY'
  /** The library is owned by another manager whose lease has not expired. */
  | 'LEASE_HELD'
  /** The caller's lease expired or was taken over; it must stop acting for the library. */
  | 'LEASE_LOST';

export class CatalogError extends Error {
  override readonly name = 'CatalogError';

  constructor(
    readonly code: CatalogErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function isCatalogError(err: unknown, code?: CatalogErrorCode): err is CatalogError {
  return err instanceof CatalogError && (code === undefined || err.code === code);
}
