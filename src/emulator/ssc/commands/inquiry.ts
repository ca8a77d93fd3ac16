/**
 * INQUIRY of a tape drive: standard data with peripheral type 01h (sequential access), RMB = 1 and
 * the drive group's vendor/product/revision — the strings the changer reports in the drive's
 * DVCID — and VPD 00h, 80h (unit serial number: exactly the DVCID serial, how software pairs a
 * drive element with its device) and 83h (T10 vendor ID designator: vendor + product + serial).
 */
import {
  Association,
  CodeSet,
  DesignatorType,
  Opcode,
  PeripheralDeviceType,
  VersionDescriptor,
  VpdPageCode,
  buildDeviceIdentificationPage,
  buildStandardInquiryData,
  buildSupportedVpdPages,
  buildUnitSerialNumberPage,
  parseInquiryCdb,
  standardInquiryData,
} from '../../../scsi/index.ts';
import { CheckCondition, truncate } from '../../command.ts';
import type { DriveIdentity } from '../../elementMap.ts';
import { invalidField } from '../../senseForCondition.ts';
import type { DriveCommandSpec } from '../driveCommand.ts';

const VPD_PAGES = [VpdPageCode.SUPPORTED_PAGES, VpdPageCode.UNIT_SERIAL_NUMBER, VpdPageCode.DEVICE_IDENTIFICATION];
const DEVICE = { peripheralQualifier: 0, peripheralDeviceType: PeripheralDeviceType.SEQUENTIAL_ACCESS };
/** SPC-3 (VERSION 05h), as LTO drives report. */
const SPC3_VERSION = 0x05;

function standardInquiry(drive: DriveIdentity): Buffer {
  return buildStandardInquiryData(
    standardInquiryData({
      ...DEVICE,
      removable: true,
      version: SPC3_VERSION,
      cmdQue: true,
      vendorIdentification: drive.vendor,
      productIdentification: drive.product,
      productRevisionLevel: drive.revision,
      versionDescriptors: [VersionDescriptor.SAM2, VersionDescriptor.SSC3, VersionDescriptor.SPC3, VersionDescriptor.ISCSI],
    }),
  );
}

function vpdPage(drive: DriveIdentity, pageCode: number): Buffer {
  switch (pageCode) {
    case VpdPageCode.SUPPORTED_PAGES:
      return buildSupportedVpdPages({ ...DEVICE, pageCodes: VPD_PAGES });
    case VpdPageCode.UNIT_SERIAL_NUMBER:
      return buildUnitSerialNumberPage({ ...DEVICE, serialNumber: drive.serial });
    case VpdPageCode.DEVICE_IDENTIFICATION: {
      const identifier = Buffer.from(drive.vendor.padEnd(8) + drive.product.padEnd(16) + drive.serial, 'latin1');
      const designator = {
        protocolIdentifier: 0,
        protocolIdentifierValid: false,
        association: Association.LOGICAL_UNIT,
        codeSet: CodeSet.ASCII,
        designatorType: DesignatorType.T10_VENDOR_ID,
        identifier,
      };
      return buildDeviceIdentificationPage({ ...DEVICE, designators: [designator] });
    }
    default:
      throw new CheckCondition(invalidField(true, 2));
  }
}

export const driveInquiry: DriveCommandSpec = {
  opcode: Opcode.INQUIRY,
  name: 'INQUIRY',
  cdbLength: 6,
  parse: parseInquiryCdb,
  access: 'always',
  allowedUnderReserve: true,
  ignoresUnitAttention: true,
  run({ cdb, drive }) {
    const c = parseInquiryCdb(cdb);
    return truncate(c.evpd ? vpdPage(drive.identity, c.pageCode) : standardInquiry(drive.identity), c.allocationLength);
  },
};
