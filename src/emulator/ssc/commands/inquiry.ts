/**
 * INQUIRY of a tape drive: standard data with peripheral type 01h (sequential access), RMB = 1 and
 * the drive group's vendor/product/revision — the strings the changer reports in the drive's
 * DVCID — and VPD 00h, 80h (unit serial number: exactly the DVCID serial, how software pairs a
 * drive element with its device) and 83h (an NAA designator, which udev names /dev/tape/by-id
 * links after, then the T10 vendor ID designator: vendor + product + serial).
 */
import { createHash } from 'node:crypto';
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
  type Designator,
  parseInquiryCdb,
  standardInquiryData,
} from '../../../scsi/index.ts';
import { CheckCondition, truncate } from '../../command.ts';
import type { Library } from '../../library.ts';
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

/**
 * NAA 5 (IEEE Registered): the company ID of the library's own NAA (the make's OUI) and 36 bits
 * of a digest of the drive's vendor, product and serial — stable across restarts and hosts, and
 * different for every drive of every library that does not repeat a serial.
 */
export function driveNaa(library: Library, drive: DriveIdentity): Buffer {
  const companyId = library.profile.inquiry.naa.slice(1, 7);
  const digest = createHash('sha256').update(`${drive.vendor}\0${drive.product}\0${drive.serial}`).digest('hex');
  return Buffer.from(`5${companyId}${digest.slice(0, 9)}`, 'hex');
}

function designators(library: Library, drive: DriveIdentity): Designator[] {
  const lu = { protocolIdentifier: 0, protocolIdentifierValid: false, association: Association.LOGICAL_UNIT };
  return [
    { ...lu, codeSet: CodeSet.BINARY, designatorType: DesignatorType.NAA, identifier: driveNaa(library, drive) },
    { ...lu, codeSet: CodeSet.ASCII, designatorType: DesignatorType.T10_VENDOR_ID, identifier: Buffer.from(drive.vendor.padEnd(8) + drive.product.padEnd(16) + drive.serial, 'latin1') },
  ];
}

function vpdPage(library: Library, drive: DriveIdentity, pageCode: number): Buffer {
  switch (pageCode) {
    case VpdPageCode.SUPPORTED_PAGES:
      return buildSupportedVpdPages({ ...DEVICE, pageCodes: VPD_PAGES });
    case VpdPageCode.UNIT_SERIAL_NUMBER:
      return buildUnitSerialNumberPage({ ...DEVICE, serialNumber: drive.serial });
    case VpdPageCode.DEVICE_IDENTIFICATION:
      return buildDeviceIdentificationPage({ ...DEVICE, designators: designators(library, drive) });
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
  run({ cdb, drive, library }) {
    const c = parseInquiryCdb(cdb);
    return truncate(c.evpd ? vpdPage(library, drive.identity, c.pageCode) : standardInquiry(drive.identity), c.allocationLength);
  },
};
