/**
 * The sense a tape drive ends a READ, WRITE or SPACE with when it stops short (SSC-3): what it
 * met (a filemark, end of data, the beginning or end of the tape) with the FILEMARK/EOM/ILI bits,
 * and in INFORMATION what was not done — bytes of a variable-mode transfer, or the count of
 * blocks/filemarks left of a SPACE (VALID = 1).
 */
import { SENSE, SenseKey, residueToInformation, senseFor, type FixedSenseData } from '../../scsi/index.ts';

/** Stopped after crossing a filemark; `residue` of the request was not done. */
export function filemarkDetected(residue: number): FixedSenseData {
  return senseFor(SENSE.FILEMARK_DETECTED, { filemark: true, valid: true, information: residue });
}

/** BLANK CHECK: the head is at end of data; `residue` of the request was not done; EOM when that is past early warning. */
export function endOfData(residue: number, pastEarlyWarning = false): FixedSenseData {
  return senseFor(SENSE.END_OF_DATA_DETECTED, { valid: true, information: residue, endOfMedium: pastEarlyWarning });
}

/** Spacing backward reached the beginning of the tape. */
export function beginningOfTape(residue: number): FixedSenseData {
  return senseFor(SENSE.BEGINNING_OF_PARTITION_DETECTED, { endOfMedium: true, valid: true, information: residue });
}

/** A record of `actual` bytes read with a transfer length of `requested`: ILI, INFORMATION = requested − actual (signed). */
export function incorrectLength(requested: number, actual: number): FixedSenseData {
  return senseFor(SENSE.NO_SENSE, { incorrectLength: true, valid: true, information: residueToInformation(requested, actual) });
}

const { NO_SENSE, MEDIUM_ERROR, VOLUME_OVERFLOW } = SenseKey;

/** The write was done and crossed early warning: NO SENSE 00/02 with EOM, VALID, INFORMATION 0 (all written). */
export function earlyWarning(): FixedSenseData {
  return senseFor({ senseKey: NO_SENSE, asc: 0x00, ascq: 0x02 }, { endOfMedium: true, valid: true, information: 0 });
}

/** The write was done and crossed programmable early warning: NO SENSE 00/07 with EOM. */
export function programmableEarlyWarning(): FixedSenseData {
  return senseFor({ senseKey: NO_SENSE, asc: 0x00, ascq: 0x07 }, { endOfMedium: true, valid: true, information: 0 });
}

/** VOLUME OVERFLOW 00/02 with EOM: nothing of `residue` (bytes, or blocks in fixed mode) was written. */
export function volumeOverflow(residue: number): FixedSenseData {
  return senseFor({ senseKey: VOLUME_OVERFLOW, asc: 0x00, ascq: 0x02 }, { endOfMedium: true, valid: true, information: residue });
}

/** MEDIUM ERROR 11/00: the tape cannot be read here (a damaged cartridge file); `residue` not done. */
export function unrecoveredReadError(residue: number): FixedSenseData {
  return senseFor({ senseKey: MEDIUM_ERROR, asc: 0x11, ascq: 0x00 }, { valid: true, information: residue });
}

/** MEDIUM ERROR 0C/00: the write could not be recorded (host disk full or failing); `residue` not written. */
export function writeError(residue: number): FixedSenseData {
  return senseFor({ senseKey: MEDIUM_ERROR, asc: 0x0c, ascq: 0x00 }, { valid: true, information: residue });
}

/**
 * Deferred MEDIUM ERROR 0C/00 (response code 71h): a WRITE already acknowledged could not be
 * recorded; the tape now ends where it began, and the command that hears this was not done.
 */
export function deferredWriteError(): FixedSenseData {
  return senseFor({ senseKey: MEDIUM_ERROR, asc: 0x0c, ascq: 0x00 }, { deferred: true });
}
