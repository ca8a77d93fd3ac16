/**
 * Login Response status (RFC 7143 §11.13.5): a class and a detail. Class 0 success, 1 redirection,
 * 2 initiator error, 3 target error.
 */

export interface LoginStatusCode {
  readonly statusClass: number;
  readonly statusDetail: number;
  readonly description: string;
}

function code(statusClass: number, statusDetail: number, description: string): LoginStatusCode {
  return { statusClass, statusDetail, description };
}

export const LoginStatus = {
  Success: code(0, 0, 'success'),
  TargetMovedTemporarily: code(1, 1, 'target moved temporarily'),
  TargetMovedPermanently: code(1, 2, 'target moved permanently'),
  InitiatorError: code(2, 0, 'initiator error'),
  AuthenticationFailure: code(2, 1, 'authentication failure'),
  AuthorizationFailure: code(2, 2, 'authorization failure'),
  NotFound: code(2, 3, 'target not found'),
  TargetRemoved: code(2, 4, 'target removed'),
  UnsupportedVersion: code(2, 5, 'unsupported version'),
  TooManyConnections: code(2, 6, 'too many connections'),
  MissingParameter: code(2, 7, 'missing parameter'),
  CannotIncludeInSession: code(2, 8, "can't include in session"),
  SessionTypeNotSupported: code(2, 9, 'session type not supported'),
  SessionDoesNotExist: code(2, 10, 'session does not exist'),
  InvalidDuringLogin: code(2, 11, 'invalid request during login'),
  TargetError: code(3, 0, 'target error'),
  ServiceUnavailable: code(3, 1, 'service unavailable'),
  OutOfResources: code(3, 2, 'out of resources'),
} as const satisfies Record<string, LoginStatusCode>;

export function describeLoginStatus(statusClass: number, statusDetail: number): string {
  const known = Object.values(LoginStatus).find((s) => s.statusClass === statusClass && s.statusDetail === statusDetail);
  const hex = (n: number): string => n.toString(16).padStart(2, '0');
  return `${known?.description ?? 'unknown status'} (${hex(statusClass)}/${hex(statusDetail)})`;
}

/** A login that ended without success, on either side; carries the status the target sent or will send. */
export class LoginFailure extends Error {
  override readonly name = 'LoginFailure';
  readonly statusClass: number;
  readonly statusDetail: number;
  /** TargetAddress of a redirection (class 1), when the target gave one. */
  readonly targetAddress: string | undefined;

  constructor(status: { statusClass: number; statusDetail: number }, reason?: string, targetAddress?: string, options?: ErrorOptions) {
    super(`iSCSI login failed: ${describeLoginStatus(status.statusClass, status.statusDetail)}${reason === undefined ? '' : `: ${reason}`}`, options);
    this.statusClass = status.statusClass;
    this.statusDetail = status.statusDetail;
    this.targetAddress = targetAddress;
  }

  is(status: LoginStatusCode): boolean {
    return this.statusClass === status.statusClass && this.statusDetail === status.statusDetail;
  }
}

/** Login stages (CSG/NSG values). */
export const Stage = { Security: 0, Operational: 1, FullFeature: 3 } as const;
