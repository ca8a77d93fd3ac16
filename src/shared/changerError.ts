/**
 * The one error type of the changer stack. Codes are named after the Windows statuses a changer
 * driver returns (reference windows-changer §4.1); each keeps its NTSTATUS value and the Win32
 * error a user-mode caller would have seen, so logs and the API can show either.
 */

export interface StatusCode {
  readonly ntStatusName: string;
  readonly ntStatus: number;
  readonly win32Name: string;
  readonly win32: number;
}

function status(ntStatusName: string, ntStatus: number, win32Name: string, win32: number): StatusCode {
  return { ntStatusName, ntStatus, win32Name, win32 };
}

/** The closed set of error codes (DESIGN §3). */
export const ChangerErrorCodes = {
  SOURCE_ELEMENT_EMPTY: status('STATUS_SOURCE_ELEMENT_EMPTY', 0xc0000283, 'ERROR_SOURCE_ELEMENT_EMPTY', 1160),
  DESTINATION_ELEMENT_FULL: status('STATUS_DESTINATION_ELEMENT_FULL', 0xc0000284, 'ERROR_DESTINATION_ELEMENT_FULL', 1161),
  ILLEGAL_ELEMENT_ADDRESS: status('STATUS_ILLEGAL_ELEMENT_ADDRESS', 0xc0000285, 'ERROR_ILLEGAL_ELEMENT_ADDRESS', 1162),
  MAGAZINE_NOT_PRESENT: status('STATUS_MAGAZINE_NOT_PRESENT', 0xc0000286, 'ERROR_MAGAZINE_NOT_PRESENT', 1163),
  REINITIALIZATION_NEEDED: status('STATUS_REINITIALIZATION_NEEDED', 0xc0000287, 'ERROR_DEVICE_REINITIALIZATION_NEEDED', 1164),
  DEVICE_REQUIRES_CLEANING: status('STATUS_DEVICE_REQUIRES_CLEANING', 0x80000288, 'ERROR_DEVICE_REQUIRES_CLEANING', 1165),
  DEVICE_DOOR_OPEN: status('STATUS_DEVICE_DOOR_OPEN', 0x80000289, 'ERROR_DEVICE_DOOR_OPEN', 1166),
  TRANSPORT_FULL: status('STATUS_TRANSPORT_FULL', 0xc00002ca, 'ERROR_TRANSPORT_FULL', 4328),
  UNABLE_TO_UNLOAD_MEDIA: status('STATUS_UNABLE_TO_UNLOAD_MEDIA', 0xc0000176, 'ERROR_UNABLE_TO_UNLOAD_MEDIA', 1109),
  CLEANER_CARTRIDGE_INSTALLED: status('STATUS_CLEANER_CARTRIDGE_INSTALLED', 0x80000027, 'ERROR_CLEANER_CARTRIDGE_INSTALLED', 4340),
  DEVICE_BUSY: status('STATUS_DEVICE_BUSY', 0x80000011, 'ERROR_BUSY', 170),
  DEVICE_NOT_READY: status('STATUS_DEVICE_NOT_READY', 0xc00000a3, 'ERROR_NOT_READY', 21),
  DEVICE_NOT_CONNECTED: status('STATUS_DEVICE_NOT_CONNECTED', 0xc000009d, 'ERROR_DEVICE_NOT_CONNECTED', 1167),
  NO_MEDIA_IN_DEVICE: status('STATUS_NO_MEDIA_IN_DEVICE', 0xc0000013, 'ERROR_NOT_READY', 21),
  INVALID_DEVICE_REQUEST: status('STATUS_INVALID_DEVICE_REQUEST', 0xc0000010, 'ERROR_INVALID_FUNCTION', 1),
  INVALID_PARAMETER: status('STATUS_INVALID_PARAMETER', 0xc000000d, 'ERROR_INVALID_PARAMETER', 87),
  INVALID_HANDLE: status('STATUS_INVALID_HANDLE', 0xc0000008, 'ERROR_INVALID_HANDLE', 6),
  INFO_LENGTH_MISMATCH: status('STATUS_INFO_LENGTH_MISMATCH', 0xc0000004, 'ERROR_BAD_LENGTH', 24),
  BUFFER_TOO_SMALL: status('STATUS_BUFFER_TOO_SMALL', 0xc0000023, 'ERROR_INSUFFICIENT_BUFFER', 122),
  BUFFER_OVERFLOW: status('STATUS_BUFFER_OVERFLOW', 0x80000005, 'ERROR_MORE_DATA', 234),
  MEDIA_CHANGED: status('STATUS_MEDIA_CHANGED', 0x8000001c, 'ERROR_MEDIA_CHANGED', 1110),
  IO_DEVICE_ERROR: status('STATUS_IO_DEVICE_ERROR', 0xc0000185, 'ERROR_IO_DEVICE', 1117),
  NO_SUCH_DEVICE: status('STATUS_NO_SUCH_DEVICE', 0xc000000e, 'ERROR_FILE_NOT_FOUND', 2),
  INSUFFICIENT_RESOURCES: status('STATUS_INSUFFICIENT_RESOURCES', 0xc000009a, 'ERROR_NO_SYSTEM_RESOURCES', 1450),
  TIMEOUT: status('STATUS_IO_TIMEOUT', 0xc00000b5, 'ERROR_SEM_TIMEOUT', 121),
  RESERVATION_CONFLICT: status('STATUS_DEVICE_BUSY', 0x80000011, 'ERROR_BUSY', 170),
} as const satisfies Record<string, StatusCode>;

export type ChangerErrorCode = keyof typeof ChangerErrorCodes;

/** Sense data a device returned with CHECK CONDITION, kept on the error for diagnosis. */
export interface SenseSummary {
  readonly key: number;
  readonly asc: number;
  readonly ascq: number;
  readonly raw?: Uint8Array;
}

export class ChangerError extends Error {
  override readonly name = 'ChangerError';
  readonly code: ChangerErrorCode;
  readonly ntStatus: number;
  readonly ntStatusName: string;
  readonly win32: number;
  readonly sense: SenseSummary | undefined;
  /**
   * The device's own address of the element the failure is about (e.g. the empty source), set
   * by driver/smc. Only mtx compatibility prints it: mtx's messages name raw element addresses.
   */
  readonly elementAddress: number | undefined;
  /**
   * What the device said went wrong, without the command it was about (the message names that
   * command as driver/smc sent it, by SCSI element addresses). Set for failures the device reported.
   */
  readonly reason: string | undefined;

  constructor(code: ChangerErrorCode, message: string, options: { sense?: SenseSummary; cause?: unknown; elementAddress?: number; reason?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const s: StatusCode = ChangerErrorCodes[code];
    this.code = code;
    this.ntStatus = s.ntStatus;
    this.ntStatusName = s.ntStatusName;
    this.win32 = s.win32;
    this.sense = options.sense;
    this.elementAddress = options.elementAddress;
    this.reason = options.reason;
  }

  /** `0xC0000283` style, as Windows tools print statuses. */
  get ntStatusHex(): string {
    return '0x' + this.ntStatus.toString(16).toUpperCase().padStart(8, '0');
  }
}

/**
 * The same failure told about `operation`, as the layer that asked names it (`move slot:10 →
 * drive:1`, display numbers at the edges): a device's complaint keeps its code, sense and reason;
 * any other error is returned as it is.
 */
export function restated(e: unknown, operation: string): unknown {
  if (!(e instanceof ChangerError) || e.reason === undefined) return e;
  return new ChangerError(e.code, `${operation}: ${e.reason}`, {
    cause: e, reason: e.reason, ...(e.sense === undefined ? {} : { sense: e.sense }), ...(e.elementAddress === undefined ? {} : { elementAddress: e.elementAddress }),
  });
}

export function isChangerError(e: unknown, code?: ChangerErrorCode): e is ChangerError {
  return e instanceof ChangerError && (code === undefined || e.code === code);
}
