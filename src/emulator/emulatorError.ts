/**
 * Errors of the emulator's own machinery (profiles, state files, opening a library) — never a
 * SCSI outcome: commands answer with sense data, not exceptions. Each message names the file or
 * field at fault and what to do about it, because the reader is an operator at a console.
 */
export type EmulatorErrorCode =
  | 'PROFILE_NOT_FOUND'
  | 'PROFILE_INVALID'
  | 'STATE_CORRUPT'
  | 'STATE_VERSION'
  | 'PROFILE_MISMATCH'
  | 'LIBRARY_IN_USE'
  | 'BAD_URL';

export class EmulatorError extends Error {
  override readonly name = 'EmulatorError';
  readonly code: EmulatorErrorCode;

  constructor(code: EmulatorErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
