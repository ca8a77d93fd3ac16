import { ChangerError } from '../../shared/changerError.ts';
import { buildInquiryCdb } from '../../scsi/cdb/inquiry.ts';
import { PeripheralDeviceType, parseStandardInquiryData } from '../../scsi/inquiry/standardInquiryData.ts';
import { VpdPageCode, parseUnitSerialNumberPage } from '../../scsi/inquiry/vpdPages.ts';
import { ScsiStatus } from '../../scsi/status.ts';
import type { TapeCommandRunner } from './tapeCommandRunner.ts';

/** INQUIRY identity of a drive: what the changer's DVCID reports for its drive element, too. */
export interface TapeDriveIdentity {
  readonly vendorId: string;
  readonly productId: string;
  readonly revision: string;
  /** VPD page 80h, trimmed ('' when the device has none); the key that maps devices to drive elements. */
  readonly serialNumber: string;
  /** Peripheral device type: 01h for a tape drive. */
  readonly deviceType: number;
}

export const SEQUENTIAL_ACCESS_DEVICE_TYPE = PeripheralDeviceType.SEQUENTIAL_ACCESS;

const INQUIRY_LENGTH = 96;
const VPD_LENGTH = 255;
/** Peripheral qualifier 3: no logical unit is there at all (the device type field means nothing). */
const NO_LOGICAL_UNIT = 3;

/**
 * Standard INQUIRY and the unit serial number page. INQUIRY is answered through unit attentions
 * and reservations (SPC), so this works on a drive another host holds.
 */
export async function readTapeDriveIdentity(runner: TapeCommandRunner, timeoutMs: number): Promise<TapeDriveIdentity> {
  const inquiry = await runner.run({ name: 'INQUIRY', cdb: buildInquiryCdb({ allocationLength: INQUIRY_LENGTH }), timeoutMs, dataInLength: INQUIRY_LENGTH }, { consumeAttentions: true });
  const standard = parseStandardInquiryData(inquiry.dataIn);
  if (standard.peripheralQualifier === NO_LOGICAL_UNIT) {
    throw new ChangerError('NO_SUCH_DEVICE', `${runner.transport.description}: no logical unit answers there`);
  }
  return {
    vendorId: standard.vendorIdentification,
    productId: standard.productIdentification,
    revision: standard.productRevisionLevel,
    serialNumber: await readSerialNumber(runner, timeoutMs),
    deviceType: standard.peripheralDeviceType,
  };
}

/** A device without page 80h has no serial; it is not an error (it just cannot be matched). */
async function readSerialNumber(runner: TapeCommandRunner, timeoutMs: number): Promise<string> {
  const cdb = buildInquiryCdb({ evpd: true, pageCode: VpdPageCode.UNIT_SERIAL_NUMBER, allocationLength: VPD_LENGTH });
  const result = await runner.sendPastAttentions({ name: 'INQUIRY VPD 80h', cdb, timeoutMs, dataInLength: VPD_LENGTH });
  if (result.status !== ScsiStatus.GOOD) return '';
  return parseUnitSerialNumberPage(result.dataIn).serialNumber.trim();
}
