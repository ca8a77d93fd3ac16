// Every refusal the manager hands a client is an RsmError. Catalog, driver and scheduler errors
// are translated here, once, keeping the original as `cause` for the logs.
import { isChangerError } from '../../shared/changerError.ts';
import { isCatalogError, type CatalogErrorCode } from '../catalog/index.ts';
import { RsmError, isRsmError, type RsmErrorCode } from '../rsmError.ts';
import { isSchedulerError } from '../scheduler/index.ts';

const FROM_CATALOG: Partial<Record<CatalogErrorCode, RsmErrorCode>> = {
  NOT_FOUND: 'NOT_FOUND',
  NO_SUCH_ELEMENT: 'INVALID_PARAMETER',
  INVALID_PARAMETER: 'INVALID_PARAMETER',
  ALREADY_EXISTS: 'INVALID_STATE',
  ELEMENT_FULL: 'INVALID_STATE',
  ELEMENT_OCCUPIED: 'INVALID_STATE',
  DUPLICATE_BARCODE: 'INVALID_STATE',
  INVALID_STATE: 'INVALID_STATE',
  MEDIA_UNAVAILABLE: 'MEDIA_UNAVAILABLE',
  INVALID_MEDIA_POOL: 'INVALID_PARAMETER',
  MEDIA_INCOMPATIBLE: 'MEDIA_INCOMPATIBLE',
  POOL_NOT_EMPTY: 'INVALID_STATE',
  LEASE_HELD: 'LIBRARY_UNAVAILABLE',
  LEASE_LOST: 'LIBRARY_UNAVAILABLE',
};

export function toRsmError(error: unknown): RsmError {
  if (isRsmError(error)) return error;
  if (isCatalogError(error)) return new RsmError(FROM_CATALOG[error.code] ?? 'DEVICE_ERROR', error.message, { cause: error, detail: { catalogCode: error.code } });
  if (isChangerError(error)) return new RsmError('DEVICE_ERROR', error.message, { cause: error, detail: { changerCode: error.code } });
  if (isSchedulerError(error)) {
    const code: RsmErrorCode = error.code === 'SCHEDULER_CLOSED' ? 'SHUTTING_DOWN' : error.code === 'INVALID_JOB' ? 'INVALID_PARAMETER' : 'INVALID_STATE';
    return new RsmError(code, error.message, { cause: error, detail: { schedulerCode: error.code } });
  }
  return new RsmError('DEVICE_ERROR', error instanceof Error ? error.message : String(error), { cause: error });
}

/** The code a failed request records: the most specific one the cause carries. */
export function requestErrorCode(error: unknown): string {
  if (isChangerError(error)) return error.code;
  if (isSchedulerError(error)) return error.code;
  if (isCatalogError(error)) return error.code;
  if (isRsmError(error)) return error.code;
  return 'INTERNAL_ERROR';
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function notFound(what: string): RsmError {
  return new RsmError('NOT_FOUND', what);
}

export function invalid(what: string): RsmError {
  return new RsmError('INVALID_PARAMETER', what);
}

export function invalidState(what: string): RsmError {
  return new RsmError('INVALID_STATE', what);
}
