/**
 * A command addressed to a LUN this target does not have (SPC): REQUEST SENSE reports 05/25/00 as
 * data, everything else ends with CHECK CONDITION 05/25/00.
 */
import { Opcode, SENSE, ScsiStatus, buildSenseData, parseRequestSenseCdb, senseFor, type ScsiResult } from '../../scsi/index.ts';
import type { CommandSpec } from '../command.ts';
import type { Library } from '../library.ts';
import { truncate } from '../command.ts';

export function wrongLunResponse(cdb: Uint8Array, _spec: CommandSpec | undefined, _library: Library): ScsiResult {
  const sense = buildSenseData(senseFor(SENSE.LOGICAL_UNIT_NOT_SUPPORTED));
  if (cdb[0] === Opcode.REQUEST_SENSE) {
    try {
      return { status: ScsiStatus.GOOD, dataIn: truncate(sense, parseRequestSenseCdb(cdb).allocationLength) };
    } catch {
      // A malformed REQUEST SENSE to a missing LUN still learns the LUN is missing.
    }
  }
  return { status: ScsiStatus.CHECK_CONDITION, dataIn: new Uint8Array(0), sense };
}
