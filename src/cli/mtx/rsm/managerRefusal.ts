import { ChangerError, ChangerErrorCodes, type ChangerErrorCode } from '../../../shared/changerError.ts';
import type { RequestView } from '../../../rsm/service.ts';
import { isManagerError, type ManagerError } from '../../client/managerError.ts';

/**
 * The manager's refusals and failed requests as ChangerErrors, the one error changer-mtx knows
 * how to print the mtx way (a `changer-mtx:` line, then mtx's own). The messages say what to do,
 * since a Bacula log is where an administrator will read them.
 */
export function changerErrorFromManager(e: ManagerError): ChangerError {
  const said = e.detail ?? e.title ?? e.code;
  if (e.kind === 'unreachable') {
    return new ChangerError('DEVICE_NOT_CONNECTED', `no manager answers at ${e.server} (${said}); start it with npm start`, { cause: e });
  }
  if (e.status === 401) return new ChangerError('INVALID_DEVICE_REQUEST', 'the manager refused the token; set CHANGER_TOKEN (changer tokens create makes one; npm start in a checkout prints its admin token)', { cause: e });
  if (e.status === 403) return new ChangerError('INVALID_DEVICE_REQUEST', `${said}; set CHANGER_TOKEN to a token whose role allows it`, { cause: e });
  if (e.code === 'LIBRARY_UNAVAILABLE') return new ChangerError('DEVICE_BUSY', said, { cause: e });
  if (e.code === 'SHUTTING_DOWN') return new ChangerError('DEVICE_NOT_READY', said, { cause: e });
  if (e.code === 'DEVICE_ERROR') return new ChangerError('IO_DEVICE_ERROR', said, { cause: e });
  return new ChangerError('INVALID_DEVICE_REQUEST', said, { cause: e });
}

/** Any failure of a call to the manager; bugs (not ManagerErrors) pass through untouched. */
export function asChangerError(e: unknown): unknown {
  return isManagerError(e) ? changerErrorFromManager(e) : e;
}

function isChangerErrorCode(code: string | null): code is ChangerErrorCode {
  return code !== null && Object.hasOwn(ChangerErrorCodes, code);
}

/** A request the manager finished without doing it; a changer's own code (SOURCE_ELEMENT_EMPTY…) is kept. */
export function changerErrorFromRequest(r: RequestView): ChangerError {
  const why = r.errorMessage ?? r.errorCode ?? 'no reason given';
  if (r.state === 'timed-out') return new ChangerError('TIMEOUT', `the manager's request ${r.id} timed out: ${why}`);
  if (r.state === 'cancelled') return new ChangerError('INVALID_DEVICE_REQUEST', `the manager's request ${r.id} was cancelled: ${why}`);
  return new ChangerError(isChangerErrorCode(r.errorCode) ? r.errorCode : 'IO_DEVICE_ERROR', `the manager's request ${r.id} failed: ${why}`);
}
