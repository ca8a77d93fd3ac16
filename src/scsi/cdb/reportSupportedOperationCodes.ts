import { MaintenanceInServiceAction, Opcode } from '../opcodes.ts';
import { bit, fits, hex, isSet, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';

/** REPORTING OPTIONS: what the response lists. */
export const ReportingOptions = {
  /** Every supported command, one 8-byte descriptor each. */
  ALL: 0,
  /** One opcode that has no service actions. */
  OPCODE: 1,
  /** One opcode + service action. */
  OPCODE_AND_SERVICE_ACTION: 2,
  /** One opcode, with or without service action (SPC-4). */
  OPCODE_EITHER: 3,
} as const;

export type ReportingOptions = (typeof ReportingOptions)[keyof typeof ReportingOptions];

/** REPORT SUPPORTED OPERATION CODES: MAINTENANCE IN (A3h), service action 0Ch. */
export interface ReportSupportedOperationCodesCdb {
  /** RCTD: include command timeouts descriptors. */
  returnTimeouts: boolean;
  reportingOptions: ReportingOptions;
  requestedOperationCode: number;
  requestedServiceAction: number;
  allocationLength: number;
  control: number;
}

type Optional = 'returnTimeouts' | 'reportingOptions' | 'requestedOperationCode' | 'requestedServiceAction' | 'control';

export function buildReportSupportedOperationCodesCdb(input: CdbInput<ReportSupportedOperationCodesCdb, Optional>): Buffer {
  return startCdb(Opcode.MAINTENANCE_IN, 12)
    .uint8(MaintenanceInServiceAction.REPORT_SUPPORTED_OPERATION_CODES)
    .uint8(bit(input.returnTimeouts, 7) | fits(input.reportingOptions ?? 0, 3, 'reporting options'))
    .uint8(input.requestedOperationCode ?? 0)
    .uint16(input.requestedServiceAction ?? 0)
    .uint32(input.allocationLength)
    .uint8(0)
    .uint8(input.control ?? 0)
    .toBuffer();
}

/** The service action of a MAINTENANCE IN/OUT (or any 5-bit service action) CDB, for dispatch. */
export function serviceActionOf(cdb: Uint8Array): number {
  return (cdb[1] ?? 0) & 0x1f;
}

export function parseReportSupportedOperationCodesCdb(cdb: Uint8Array): ReportSupportedOperationCodesCdb {
  const r = openCdb(cdb, Opcode.MAINTENANCE_IN, 12, 'REPORT SUPPORTED OPERATION CODES');
  const serviceAction = r.byteWithReserved(0xe0);
  if (serviceAction !== MaintenanceInServiceAction.REPORT_SUPPORTED_OPERATION_CODES) {
    throw r.error(`service action ${hex(serviceAction)} is not 0Ch`, 1, 4);
  }
  const b2 = r.byteWithReserved(0x78);
  const reportingOptions = b2 & 0x07;
  if (reportingOptions > ReportingOptions.OPCODE_EITHER) throw r.error(`reporting options ${reportingOptions} are reserved`, 2, 2);
  const requestedOperationCode = r.uint8();
  const requestedServiceAction = r.uint16();
  const allocationLength = r.uint32();
  r.reservedBytes(1);
  return {
    returnTimeouts: isSet(b2, 7),
    reportingOptions: reportingOptions as ReportingOptions,
    requestedOperationCode,
    requestedServiceAction,
    allocationLength,
    control: r.uint8(),
  };
}
