/**
 * Why a received PDU cannot be used. Every codec failure is an IscsiPduError carrying the Reject
 * reason (RFC 7143 §11.17.1) the receiver should answer with, so the connection code never has to
 * guess a reason from a message string and nothing but this type escapes the codec.
 */

export const RejectReason = {
  DataDigestError: 0x02,
  SnackReject: 0x03,
  ProtocolError: 0x04,
  CommandNotSupported: 0x05,
  ImmediateCommandReject: 0x06,
  TaskInProgress: 0x07,
  InvalidDataAck: 0x08,
  InvalidPduField: 0x09,
  LongOperationReject: 0x0a,
  WaitingForLogout: 0x0c,
} as const;

export type RejectReasonCode = (typeof RejectReason)[keyof typeof RejectReason];

export class IscsiPduError extends Error {
  override readonly name = 'IscsiPduError';
  readonly reason: RejectReasonCode;
  /**
   * The 48-byte header of the offending PDU, which a Reject returns as its data segment. Absent
   * when the header itself cannot be trusted (header digest mismatch): then no Reject is possible
   * and the only answer is dropping the connection.
   */
  readonly header: Uint8Array | undefined;

  constructor(reason: RejectReasonCode, message: string, header?: Uint8Array) {
    super(message);
    this.reason = reason;
    this.header = header;
  }

  get rejectable(): boolean {
    return this.header !== undefined;
  }
}

export function isIscsiPduError(e: unknown): e is IscsiPduError {
  return e instanceof IscsiPduError;
}
