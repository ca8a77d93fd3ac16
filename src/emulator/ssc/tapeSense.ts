/**
 * The sense a tape drive ends a READ, WRITE or SPACE with when it stops short (SSC-3): what it
 * met (a filemark, end of data, the beginning or end of the tape) with the FILEMARK/EOM/ILI bits,
 * and in INFORMATION what was not done — bytes of a variable-mode transfer, or the count of
 * blocks/filemarks left of a SPACE (VALID = 1).
 */
import { SENSE, residueToInformation, senseFor, type FixedSenseData } from '../../scsi/index.ts';

/** Stopped after crossing a filemark; `residue` of the request was not done. */
export function filemarkDetected(residue: number): FixedSenseData {
  return senseFor(SENSE.FILEMARK_DETECTED, { filemark: true, valid: true, information: residue });
}

/** BLANK CHECK: the head is at end of data; `residue` of the request was not done. */
export function endOfData(residue: number): FixedSenseData {
  return senseFor(SENSE.END_OF_DATA_DETECTED, { valid: true, information: residue });
}

/** Spacing backward reached the beginning of the tape. */
export function beginningOfTape(residue: number): FixedSenseData {
  return senseFor(SENSE.BEGINNING_OF_PARTITION_DETECTED, { endOfMedium: true, valid: true, information: residue });
}

/** VOLUME OVERFLOW: the write did not fit on the tape; nothing of it was written. */
export function endOfTape(residue: number): FixedSenseData {
  return senseFor(SENSE.END_OF_PARTITION_DETECTED, { endOfMedium: true, valid: true, information: residue });
}

/** A record of `actual` bytes read with a transfer length of `requested`: ILI, INFORMATION = requested − actual (signed). */
export function incorrectLength(requested: number, actual: number): FixedSenseData {
  return senseFor(SENSE.NO_SENSE, { incorrectLength: true, valid: true, information: residueToInformation(requested, actual) });
}
