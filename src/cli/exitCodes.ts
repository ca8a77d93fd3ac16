import type { ChangerErrorCode } from '../shared/changerError.ts';

/**
 * One exit code per class of failure, so scripts can tell "try again later" from "fix the
 * command" from "call the operator" without parsing text. Documented in docs/cli.md.
 */
export const ExitCode = {
  OK: 0,
  FAILURE: 1,
  USAGE: 2,
  BUSY: 3,
  NOT_READY: 4,
  ELEMENT_STATE: 5,
  ILLEGAL_REQUEST: 6,
  DEVICE_ERROR: 7,
  NO_DEVICE: 8,
  /** The manager refused the caller: no token, an unknown one, or a role too low for the action. */
  ACCESS_DENIED: 9,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

const BY_CODE: Record<ChangerErrorCode, ExitCode> = {
  DEVICE_BUSY: ExitCode.BUSY,
  RESERVATION_CONFLICT: ExitCode.BUSY,
  DEVICE_NOT_READY: ExitCode.NOT_READY,
  DEVICE_DOOR_OPEN: ExitCode.NOT_READY,
  MAGAZINE_NOT_PRESENT: ExitCode.NOT_READY,
  MEDIA_CHANGED: ExitCode.NOT_READY,
  NO_MEDIA_IN_DEVICE: ExitCode.NOT_READY,
  DEVICE_REQUIRES_CLEANING: ExitCode.NOT_READY,
  SOURCE_ELEMENT_EMPTY: ExitCode.ELEMENT_STATE,
  DESTINATION_ELEMENT_FULL: ExitCode.ELEMENT_STATE,
  TRANSPORT_FULL: ExitCode.ELEMENT_STATE,
  UNABLE_TO_UNLOAD_MEDIA: ExitCode.ELEMENT_STATE,
  CLEANER_CARTRIDGE_INSTALLED: ExitCode.ELEMENT_STATE,
  ILLEGAL_ELEMENT_ADDRESS: ExitCode.ILLEGAL_REQUEST,
  INVALID_PARAMETER: ExitCode.ILLEGAL_REQUEST,
  INVALID_DEVICE_REQUEST: ExitCode.ILLEGAL_REQUEST,
  INFO_LENGTH_MISMATCH: ExitCode.ILLEGAL_REQUEST,
  BUFFER_TOO_SMALL: ExitCode.ILLEGAL_REQUEST,
  BUFFER_OVERFLOW: ExitCode.ILLEGAL_REQUEST,
  INVALID_HANDLE: ExitCode.FAILURE,
  IO_DEVICE_ERROR: ExitCode.DEVICE_ERROR,
  REINITIALIZATION_NEEDED: ExitCode.DEVICE_ERROR,
  DEVICE_NOT_CONNECTED: ExitCode.DEVICE_ERROR,
  TIMEOUT: ExitCode.DEVICE_ERROR,
  INSUFFICIENT_RESOURCES: ExitCode.FAILURE,
  NO_SUCH_DEVICE: ExitCode.NO_DEVICE,
};

export function exitCodeFor(code: ChangerErrorCode): ExitCode {
  return BY_CODE[code];
}
