// Refusals the API makes on its own (before or beside the manager): no token, a role too low, an
// unknown token id, a body that names neither a barcode nor a pool. The manager's own refusals
// are RsmErrors; both become problem+json through errorMapping.ts.

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function unauthorized(message: string): ApiError {
  return new ApiError(401, 'UNAUTHORIZED', message);
}

export function accessDenied(message: string): ApiError {
  return new ApiError(403, 'ACCESS_DENIED', message);
}

export function invalidParameter(message: string, field?: string): ApiError {
  return new ApiError(400, 'INVALID_PARAMETER', message, field === undefined ? {} : { errors: [{ in: 'body', field, message }] });
}

export function notFound(message: string): ApiError {
  return new ApiError(404, 'NOT_FOUND', message);
}

export function conflict(message: string, extensions: Readonly<Record<string, unknown>> = {}): ApiError {
  return new ApiError(409, 'INVALID_STATE', message, extensions);
}
