/**
 * The one error every parser in src/scsi throws for bytes it cannot accept.
 *
 * Besides a readable message it carries where the bad field is, because a device that rejects a
 * CDB or a parameter list must say so in sense data: ILLEGAL REQUEST, 24/00 or 26/00, with SKSV,
 * C/D and a field pointer (see sense/formatErrorSense.ts). The offsets are those of the structure
 * that was being parsed (byte 0 = first byte of the CDB or parameter list).
 */

/** Which kind of bytes were malformed: decides 24/00 (CDB) versus 26/00 (parameter list) in sense. */
export type FormatErrorLocation = 'cdb' | 'parameter-list' | 'data';

export interface FieldPointer {
  /** Byte offset of the field in error (its most significant byte for multi-byte fields). */
  readonly byte: number;
  /** Bit 7..0 inside that byte (the field's left-most bit); absent when the whole byte is meant. */
  readonly bit?: number;
}

export class ScsiFormatError extends Error {
  override readonly name = 'ScsiFormatError';
  /** The structure being parsed, e.g. "MOVE MEDIUM CDB" or "element status page". */
  readonly structure: string;
  readonly location: FormatErrorLocation;
  readonly field: FieldPointer | undefined;
  /** What is wrong, without the structure name. */
  readonly problem: string;
  /** The bytes ended before the structure did (a parameter list shorter than its fields: 1A/00, not 26/00). */
  readonly truncated: boolean;

  constructor(structure: string, problem: string, location: FormatErrorLocation, field?: FieldPointer, truncated = false) {
    super(`${structure}: ${problem}${field === undefined ? '' : ` (${describeField(field)})`}`);
    this.structure = structure;
    this.problem = problem;
    this.location = location;
    this.field = field;
    this.truncated = truncated;
  }
}

function describeField(field: FieldPointer): string {
  return field.bit === undefined ? `byte ${field.byte}` : `byte ${field.byte}, bit ${field.bit}`;
}

/** Highest set bit of a byte (for pointing at the left-most offending reserved bit). */
export function highestBit(value: number): number {
  return 31 - Math.clz32(value & 0xff);
}
