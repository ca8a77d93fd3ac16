import { Opcode, cdbLength } from '../../scsi/opcodes.ts';
import { SENSE, type SenseCondition } from '../../scsi/sense/senseConditions.ts';
import { buildFixedSense } from '../../scsi/sense/fixedSense.ts';
import type { ScsiResult } from '../../scsi/device.ts';
import { ScsiStatus } from '../../scsi/status.ts';
import { encodeLun } from '../lun.ts';

/**
 * What the target answers itself, because only it knows which LUNs an IQN has: REPORT LUNS, and
 * the SPC answers for a LUN that does not exist.
 */

export function checkCondition(condition: Pick<SenseCondition, 'senseKey' | 'asc' | 'ascq'>): ScsiResult {
  return { status: ScsiStatus.CHECK_CONDITION, dataIn: new Uint8Array(0), sense: buildFixedSense({ senseKey: condition.senseKey, asc: condition.asc, ascq: condition.ascq }) };
}

function clip(data: Buffer, allocationLength: number): ScsiResult {
  return { status: ScsiStatus.GOOD, dataIn: data.subarray(0, Math.min(allocationLength, data.length)) };
}

/** REPORT LUNS parameter data (SPC-4 §6.33): list length, reserved, then one 8-byte LUN each. */
export function reportLunsData(luns: readonly number[]): Buffer {
  const sorted = [...luns].sort((a, b) => a - b);
  const data = Buffer.alloc(8 + 8 * sorted.length);
  data.writeUInt32BE(8 * sorted.length, 0);
  sorted.forEach((lun, i) => data.writeBigUInt64BE(encodeLun(lun), 8 + 8 * i));
  return data;
}

export function answerReportLuns(cdb: Uint8Array, luns: readonly number[]): ScsiResult {
  if (cdb.length < 12) return checkCondition(SENSE.INVALID_FIELD_IN_CDB);
  const selectReport = cdb[2] as number;
  const allocationLength = Buffer.from(cdb.buffer, cdb.byteOffset, cdb.byteLength).readUInt32BE(6);
  // 00h all LUNs, 02h all accessible; 01h asks for well-known LUNs, of which we have none.
  if (selectReport !== 0x00 && selectReport !== 0x01 && selectReport !== 0x02) return checkCondition(SENSE.INVALID_FIELD_IN_CDB);
  return clip(reportLunsData(selectReport === 0x01 ? [] : luns), allocationLength);
}

/** Standard INQUIRY data for a LUN that does not exist: peripheral qualifier 011b, type 1Fh (SPC-4 §6.6.2). */
function unknownLunInquiry(): Buffer {
  const data = Buffer.alloc(36, 0x20);
  data[0] = 0x7f;
  data[1] = 0x00;
  data[2] = 0x05; // SPC-3
  data[3] = 0x02; // response data format 2
  data[4] = 36 - 5;
  data[5] = data[6] = data[7] = 0x00;
  return data;
}

/**
 * The answer for a CDB sent to a LUN the IQN does not have: REPORT LUNS lists the IQN's LUNs,
 * standard INQUIRY says "no logical unit here", REQUEST SENSE returns the 05/25/00 sense as data,
 * everything else is CHECK CONDITION 05/25/00 (LOGICAL UNIT NOT SUPPORTED).
 */
export function answerForUnknownLun(cdb: Uint8Array, luns: readonly number[]): ScsiResult {
  const opcode = cdb[0];
  if (opcode === Opcode.REPORT_LUNS) return answerReportLuns(cdb, luns);
  if (opcode === Opcode.INQUIRY && cdb.length >= 5 && ((cdb[1] as number) & 0x01) === 0) {
    return clip(unknownLunInquiry(), ((cdb[3] as number) << 8) | (cdb[4] as number));
  }
  if (opcode === Opcode.REQUEST_SENSE && cdb.length >= 5) {
    const { senseKey, asc, ascq } = SENSE.LOGICAL_UNIT_NOT_SUPPORTED;
    const sense = buildFixedSense({ senseKey, asc, ascq });
    return clip(sense, cdb[4] as number);
  }
  return checkCondition(SENSE.LOGICAL_UNIT_NOT_SUPPORTED);
}

/**
 * The CDB as long as its operation code says (SAM group codes): iSCSI pads every CDB to 16 bytes,
 * devices get what an SG_IO or loopback caller would pass. Variable-length (7Fh) CDBs carry their
 * length; vendor groups keep all bytes.
 */
export function trimCdb(cdb: Uint8Array): Uint8Array {
  const opcode = cdb[0] as number;
  if (opcode === 0x7f && cdb.length >= 8) return cdb.subarray(0, Math.min(cdb.length, 8 + (cdb[7] as number)));
  const length = cdbLength(opcode);
  return length === undefined || length > cdb.length ? cdb : cdb.subarray(0, length);
}
