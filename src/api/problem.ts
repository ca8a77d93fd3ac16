// RFC 9457 problem details: the one shape every error of the API takes, so a client parses
// failures the same way whatever produced them (the manager, the schema validator, the router,
// the authenticator). `code` is the machine word clients switch on; `detail` is for people.

import { withoutSecret, withoutSecrets } from '../shared/secrets.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  /** A URI naming the kind of problem: `urn:changer:problem:<code in kebab case>`. */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** The request path that failed (without its query). */
  readonly instance: string;
  /** RsmError code, or one of the API's own: UNAUTHORIZED, ROUTE_NOT_FOUND, INVALID_PARAMETER, … */
  readonly code: string;
  /** Extensions (RFC 9457 §3.2): the failing fields of a validation error, a request id… */
  readonly [extension: string]: unknown;
}

/** Titles are fixed per code, so clients may show them; the detail carries the particulars. */
const TITLES: Readonly<Record<string, string>> = {
  NOT_FOUND: 'Not found',
  ROUTE_NOT_FOUND: 'No such route',
  INVALID_PARAMETER: 'Invalid parameter',
  INVALID_STATE: 'Not allowed in the current state',
  MEDIA_UNAVAILABLE: 'No medium available',
  MEDIA_INCOMPATIBLE: 'Media type not supported by any drive',
  LIBRARY_UNAVAILABLE: 'Library unavailable',
  ACCESS_DENIED: 'Access denied',
  UNAUTHORIZED: 'Authentication required',
  DEVICE_ERROR: 'The changer failed',
  SHUTTING_DOWN: 'The manager is shutting down',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported content type',
  PAYLOAD_TOO_LARGE: 'Body too large',
  NOT_ACCEPTABLE: 'Not acceptable',
  INTERNAL_ERROR: 'Internal error',
};

export function problemType(code: string): string {
  return `urn:changer:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

export function problemTitle(code: string): string {
  return TITLES[code] ?? code.toLowerCase().replaceAll('_', ' ');
}

/** Whatever produced the error, a URL it quotes reaches the client without its password (CHAP secret). */
export function makeProblem(
  status: number,
  code: string,
  detail: string,
  instance: string,
  extensions: Readonly<Record<string, unknown>> = {},
): Problem {
  return { ...withoutSecrets(extensions), type: problemType(code), title: problemTitle(code), status, detail: withoutSecret(detail), instance, code };
}

/** The path part of a request URL: the problem's `instance`. */
export function instanceOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}
