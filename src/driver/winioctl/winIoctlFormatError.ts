/**
 * The one error of the winioctl codecs. Decoding throws it for a buffer too short for the structure
 * or a field whose value the model cannot hold (an ELEMENT_TYPE of 9, a Size that is not 60);
 * encoding throws it for a value that does not fit its field. Callers turning a request buffer into a
 * Windows status (INFO_LENGTH_MISMATCH, INVALID_PARAMETER) need exactly this distinction from any
 * other failure, so nothing else escapes a codec.
 */
export class WinIoctlFormatError extends Error {
  override readonly name = 'WinIoctlFormatError';
  /** The Windows structure name, e.g. `GET_CHANGER_PARAMETERS`. */
  readonly structure: string;
  /** Set for length failures: the bytes the structure needs, and the bytes given. */
  readonly neededLength: number | undefined;
  readonly givenLength: number | undefined;

  constructor(structure: string, message: string, lengths?: { needed: number; given: number }) {
    super(`${structure}: ${message}`);
    this.structure = structure;
    this.neededLength = lengths?.needed;
    this.givenLength = lengths?.given;
  }

  static tooShort(structure: string, needed: number, given: number): WinIoctlFormatError {
    return new WinIoctlFormatError(structure, `needs ${needed} bytes, given ${given}`, { needed, given });
  }
}

/** Throws unless `bytes` holds at least `needed` bytes; every decoder starts with this. */
export function requireLength(structure: string, bytes: Uint8Array, needed: number): void {
  if (bytes.length < needed) throw WinIoctlFormatError.tooShort(structure, needed, bytes.length);
}
