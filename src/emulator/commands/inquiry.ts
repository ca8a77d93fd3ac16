/**
 * INQUIRY: standard data (PDT 08h, the profile's vendor/product/revision) and VPD pages 00h,
 * 80h (unit serial number — what most software uses as the library's identity) and 83h (NAA +
 * T10 vendor ID designators of the logical unit).
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
  type Designator,
} from '../../scsi/index.ts';
import { CheckCondition, truncate, type CommandSpec } from '../command.ts';
import type { Profile } from '../profile.ts';
import { invalidField } from '../senseForCondition.ts';

const VPD_PAGES = [VpdPageCode.SUPPORTED_PAGES, VpdPageCode.UNIT_SERIAL_NUMBER, VpdPageCode.DEVICE_IDENTIFICATION];
const DEVICE = { peripheralQualifier: 0, peripheralDeviceType: PeripheralDeviceType.MEDIUM_CHANGER };

export function standardInquiry(profile: Profile, peripheralQualifier = 0, peripheralDeviceType: number = PeripheralDeviceType.MEDIUM_CHANGER): Buffer {
  return buildStandardInquiryData(
    standardInquiryData({
      peripheralQualifier,
      peripheralDeviceType,
      removable: true,
      version: profile.inquiry.version,
      cmdQue: true,
      vendorIdentification: profile.inquiry.vendor,
      productIdentification: profile.inquiry.product,
      productRevisionLevel: profile.inquiry.revision,
      versionDescriptors: [VersionDescriptor.SAM2, VersionDescriptor.SMC3, VersionDescriptor.SPC3, VersionDescriptor.ISCSI],
    }),
  );
}

function designators(profile: Profile): Designator[] {
  const { vendor, product, serialNumber, naa } = profile.inquiry;
  const lu = { protocolIdentifier: 0, protocolIdentifierValid: false, association: Association.LOGICAL_UNIT };
  return [
    { ...lu, codeSet: CodeSet.BINARY, designatorType: DesignatorType.NAA, identifier: Buffer.from(naa, 'hex') },
    { ...lu, codeSet: CodeSet.ASCII, designatorType: DesignatorType.T10_VENDOR_ID, identifier: Buffer.from(vendor.padEnd(8) + product.padEnd(16) + serialNumber, 'latin1') },
  ];
}

function vpdPage(profile: Profile, pageCode: number): Buffer {
  switch (pageCode) {
    case VpdPageCode.SUPPORTED_PAGES:
      return buildSupportedVpdPages({ ...DEVICE, pageCodes: VPD_PAGES });
    case VpdPageCode.UNIT_SERIAL_NUMBER:
      return buildUnitSerialNumberPage({ ...DEVICE, serialNumber: profile.inquiry.serialNumber });
    case VpdPageCode.DEVICE_IDENTIFICATION:
      return buildDeviceIdentificationPage({ ...DEVICE, designators: designators(profile) });
    default:
      throw new CheckCondition(invalidField(true, 2));
  }
}

export const inquiry: CommandSpec = {
  opcode: Opcode.INQUIRY,
  name: 'INQUIRY',
  cdbLength: 6,
  parse: parseInquiryCdb,
  access: 'always',
  allowedUnderReserve: true,
  ignoresUnitAttention: true,
  run({ cdb, library }) {
    const c = parseInquiryCdb(cdb);
    const data = c.evpd ? vpdPage(library.profile, c.pageCode) : standardInquiry(library.profile);
    return truncate(data, c.allocationLength);
  },
};
