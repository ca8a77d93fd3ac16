// Every refusal of the manager, with a closed set of codes the API maps to HTTP statuses and
// problem+json types, and the CLI to exit codes. Catalog and changer errors that reach a client
// are wrapped, keeping their own code in `cause` for the logs.

export type RsmErrorCode =
  /** No such library, medium, pool, request or operator request (404). */
  | 'NOT_FOUND'
  /** The request is malformed or names something impossible (400/422). */
  | 'INVALID_PARAMETER'
  /** The object is not in a state that allows this (409): medium already mounted, request finished… */
  | 'INVALID_STATE'
  /** Nothing to allocate from the pool (409, ERROR_MEDIA_UNAVAILABLE). */
  | 'MEDIA_UNAVAILABLE'
  /** No drive of the library can read/write this media type (409, ERROR_MEDIA_INCOMPATIBLE). */
  | 'MEDIA_INCOMPATIBLE'
  /** The library is owned by another manager, or is offline here (503). */
  | 'LIBRARY_UNAVAILABLE'
  /** The caller's role does not allow it (403). */
  | 'ACCESS_DENIED'
  /** The changer refused or failed (502); `cause` is the ChangerError. */
  | 'DEVICE_ERROR'
  /** The manager is shutting down (503). */
  | 'SHUTTING_DOWN';

export class RsmError extends Error {
  override readonly name = 'RsmError';

  constructor(
    readonly code: RsmErrorCode,
    message: string,
    options: { cause?: unknown; detail?: Readonly<Record<string, unknown>> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.detail = options.detail ?? {};
  }

  readonly detail: Readonly<Record<string, unknown>>;
}

export function isRsmError(e: unknown): e is RsmError {
  return e instanceof RsmError;
}
