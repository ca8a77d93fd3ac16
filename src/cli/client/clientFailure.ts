import { ChangerErrorCodes, type ChangerErrorCode } from '../../shared/changerError.ts';
import { ExitCode, exitCodeFor } from '../exitCodes.ts';
import { withoutSecret } from '../../shared/secrets.ts';
import { reportError, type Output } from '../output.ts';
import { isManagerError, type ManagerError } from './managerError.ts';
import { RequestNotCompleted } from './requestOutcome.ts';

/** The manager's refusal codes (RsmErrorCode and the API's own) as the CLI's exit codes. */
const BY_MANAGER_CODE: Readonly<Record<string, ExitCode>> = {
  NOT_FOUND: ExitCode.ILLEGAL_REQUEST,
  INVALID_PARAMETER: ExitCode.USAGE,
  INVALID_STATE: ExitCode.ELEMENT_STATE,
  MEDIA_UNAVAILABLE: ExitCode.ELEMENT_STATE,
  MEDIA_INCOMPATIBLE: ExitCode.ILLEGAL_REQUEST,
  LIBRARY_UNAVAILABLE: ExitCode.BUSY,
  ACCESS_DENIED: ExitCode.ACCESS_DENIED,
  UNAUTHORIZED: ExitCode.ACCESS_DENIED,
  DEVICE_ERROR: ExitCode.DEVICE_ERROR,
  SHUTTING_DOWN: ExitCode.NOT_READY,
  UNREACHABLE: ExitCode.NO_DEVICE,
  TIMEOUT: ExitCode.DEVICE_ERROR,
  BAD_RESPONSE: ExitCode.FAILURE,
};

function isChangerErrorCode(code: string): code is ChangerErrorCode {
  return Object.hasOwn(ChangerErrorCodes, code);
}

/** An exit code for a code the manager reported: its own codes first, then the changer's (a failed move carries those). */
export function exitCodeForManagerCode(code: string | null): ExitCode | undefined {
  if (code === null) return undefined;
  return BY_MANAGER_CODE[code] ?? (isChangerErrorCode(code) ? exitCodeFor(code) : undefined);
}

function exitForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return ExitCode.ACCESS_DENIED;
  if (status === 400 || status === 422) return ExitCode.USAGE;
  if (status === 404) return ExitCode.ILLEGAL_REQUEST;
  if (status === 409) return ExitCode.ELEMENT_STATE;
  if (status === 503) return ExitCode.BUSY;
  if (status >= 500) return ExitCode.DEVICE_ERROR;
  return ExitCode.FAILURE;
}

export interface ClientFailure {
  readonly exit: ExitCode;
  readonly code: string;
  /** One line: what happened, then what to do next. */
  readonly message: string;
}

/** `tokenGiven` changes the 401 advice: a missing token and a refused one need different fixes. */
export function describeManagerError(e: ManagerError, tokenGiven: boolean): ClientFailure {
  const exit = BY_MANAGER_CODE[e.code] ?? exitForStatus(e.status);
  return { exit, code: e.code, message: adviceFor(e, tokenGiven) };
}

function adviceFor(e: ManagerError, tokenGiven: boolean): string {
  const said = e.detail ?? e.title ?? e.code;
  if (e.kind === 'unreachable') {
    if (e.code === 'TIMEOUT') return `the manager at ${e.server} did not answer in time — check that it is running and not stuck (its log says why)`;
    return `no manager answers at ${e.server} (${said}) — start it with npm start, or pass --server / set CHANGER_SERVER`;
  }
  if (e.kind === 'protocol') return `the answer from ${e.server} is not the manager's API (${said}) — check --server / CHANGER_SERVER`;
  if (e.status === 401) {
    return tokenGiven
      ? `the manager refused the token; pass --token or set CHANGER_TOKEN (changer tokens create makes one; npm start in a checkout prints its admin token)`
      : `the manager needs a token; pass --token or set CHANGER_TOKEN (changer tokens create makes one; npm start in a checkout prints its admin token)`;
  }
  if (e.status === 403) return `${said} — the token's role does not allow this; use a token with a higher role (operator or admin)`;
  if (e.code === 'LIBRARY_UNAVAILABLE') return `${said} — try again when the library is back (see 'changer libraries')`;
  if (e.code === 'MEDIA_UNAVAILABLE') return `${said} — inject media ('changer media inject') or allow the pool to take scratch media`;
  return said;
}

/** Why a finished request did not complete, as an exit code: the failure's own code, else by state. */
export function describeNotCompleted(e: RequestNotCompleted): ClientFailure {
  const r = e.request;
  if (r.state === 'timed-out') return { exit: ExitCode.BUSY, code: 'TIMED_OUT', message: `${e.message} — raise --timeout, or free a drive` };
  if (r.state === 'cancelled') return { exit: ExitCode.FAILURE, code: 'CANCELLED', message: e.message };
  return { exit: exitCodeForManagerCode(r.errorCode) ?? ExitCode.DEVICE_ERROR, code: r.errorCode ?? 'FAILED', message: e.message };
}

/**
 * A client command's failure as one line on stderr (or one JSON object on stdout with --json),
 * returning the exit code. Usage and other errors go the way every changer command reports them.
 */
export function reportClientError(o: Output, e: unknown, tokenGiven: boolean): ExitCode {
  const failure = isManagerError(e) ? describeManagerError(e, tokenGiven) : e instanceof RequestNotCompleted ? describeNotCompleted(e) : undefined;
  if (failure === undefined) return reportError(o, 'changer', e);
  // The manager redacts its own answers; a request's note or error may still quote what a device said.
  const message = withoutSecret(failure.message);
  if (o.json) {
    const extra = isManagerError(e) ? { status: e.status } : e instanceof RequestNotCompleted ? { request: e.request } : {};
    o.out.write(JSON.stringify({ error: failure.code, message, ...extra, exitCode: failure.exit }) + '\n');
  } else {
    o.err.write(`changer: ${message} [${failure.code}]\n`);
  }
  return failure.exit;
}
