/**
 * Why a call to the manager's HTTP API did not give what was asked: the manager answered with an
 * RFC 9457 problem (`problem`), nobody answered at the address (`unreachable`), or the answer was
 * not what the API contract says (`protocol`). The CLI turns each into one line and an exit code
 * (clientFailure.ts); changer-mtx into mtx's wording.
 */
export type ManagerErrorKind = 'problem' | 'unreachable' | 'protocol';

export interface ManagerErrorFields {
  readonly kind: ManagerErrorKind;
  /** The problem's `code` (RsmErrorCode, UNAUTHORIZED, validation codes…), UNREACHABLE or BAD_RESPONSE. */
  readonly code: string;
  /** The HTTP status; 0 when there was no answer. */
  readonly status: number;
  readonly detail?: string | undefined;
  readonly title?: string | undefined;
  readonly server: string;
  readonly cause?: unknown;
}

export class ManagerError extends Error {
  override readonly name = 'ManagerError';
  readonly kind: ManagerErrorKind;
  readonly code: string;
  readonly status: number;
  readonly detail: string | undefined;
  readonly title: string | undefined;
  /** The base URL that was asked, for messages that say where. */
  readonly server: string;

  constructor(fields: ManagerErrorFields) {
    super(fields.detail ?? fields.title ?? fields.code, fields.cause === undefined ? undefined : { cause: fields.cause });
    this.kind = fields.kind;
    this.code = fields.code;
    this.status = fields.status;
    this.detail = fields.detail;
    this.title = fields.title;
    this.server = fields.server;
  }
}

export function isManagerError(e: unknown): e is ManagerError {
  return e instanceof ManagerError;
}
