/**
 * A command addressed to a LUN this target does not have (SPC): INQUIRY answers with peripheral
 * qualifier 011b / type 1Fh ("no device here"), REQUEST SENSE reports 05/25/00 as data, anything
 * else ends with CHECK CONDITION 05/25/00.
 */
import {
  Opcode,
  PeripheralDeviceType,
  SENSE,
  ScsiStatus,
  buildSenseData,
  parseInquiryCdb,
  parseRequestSenseCdb,
  senseFor,
  type ScsiResult,
} from '../../scsi/index.ts';
import { truncate } from '../command.ts';
import type { Library } from '../library.ts';
import { standardInquiry } from './inquiry.ts';

/** PERIPHERAL QUALIFIER 011b: the target cannot have a device at this LUN. */
const NO_DEVICE_QUALIFIER = 3;

export function wrongLunResponse(cdb: Uint8Array, library: Library): ScsiResult {
  const sense = buildSenseData(senseFor(SENSE.LOGICAL_UNIT_NOT_SUPPORTED));
  try {
    if (cdb[0] === Opcode.REQUEST_SENSE) return { status: ScsiStatus.GOOD, dataIn: truncate(sense, parseRequestSenseCdb(cdb).allocationLength) };
    if (cdb[0] === Opcode.INQUIRY) {
      const c = parseInquiryCdb(cdb);
      if (!c.evpd) {
        const data = standardInquiry(library.profile, NO_DEVICE_QUALIFIER, PeripheralDeviceType.UNKNOWN);
        return { status: ScsiStatus.GOOD, dataIn: truncate(data, c.allocationLength) };
      }
    }
  } catch {
    // A malformed CDB to a missing LUN still learns the LUN is missing.
  }
  return { status: ScsiStatus.CHECK_CONDITION, dataIn: new Uint8Array(0), sense };
}
