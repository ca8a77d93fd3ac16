import type { ScsiFormatError } from '../scsiFormatError.ts';
import type { FixedSenseData } from './fixedSense.ts';
import { SENSE, type SenseCondition } from './senseConditions.ts';

/** A fixed sense record for a condition, every other field zero. */
export function senseFor(condition: Pick<SenseCondition, 'senseKey' | 'asc' | 'ascq'>, extra: Partial<FixedSenseData> = {}): FixedSenseData {
  return {
    format: 'fixed',
    deferred: false,
    valid: false,
    information: 0,
    filemark: false,
    endOfMedium: false,
    incorrectLength: false,
    commandSpecificInformation: 0,
    fieldReplaceableUnitCode: 0,
    additionalSenseBytes: Buffer.alloc(0),
    ...extra,
    senseKey: condition.senseKey,
    asc: condition.asc,
    ascq: condition.ascq,
  };
}

/**
 * What a device answers when a CDB or parameter list failed to parse: ILLEGAL REQUEST with
 * INVALID FIELD IN CDB (C/D = 1) or INVALID FIELD IN PARAMETER LIST (C/D = 0), and the field
 * pointer (plus bit pointer when known) from the error; a parameter list that is too short gets
 * PARAMETER LIST LENGTH ERROR (1A/00) instead. Errors in 'data' (responses parsed on the
 * initiator side) have no field pointer to give and map to INVALID FIELD IN PARAMETER LIST alone.
 */
export function senseForFormatError(error: ScsiFormatError): FixedSenseData {
  const inCdb = error.location === 'cdb';
  // A parameter list that stops before its fields end has no field to point at: its length is wrong.
  if (!inCdb && error.truncated) return senseFor(SENSE.PARAMETER_LIST_LENGTH_ERROR);
  const condition = inCdb ? SENSE.INVALID_FIELD_IN_CDB : SENSE.INVALID_FIELD_IN_PARAMETER_LIST;
  if (error.location === 'data' || error.field === undefined) return senseFor(condition);
  const { byte, bit } = error.field;
  return senseFor(condition, {
    senseKeySpecific: { kind: 'field-pointer', commandData: inCdb, ...(bit === undefined ? {} : { bitPointer: bit }), fieldPointer: byte },
  });
}
