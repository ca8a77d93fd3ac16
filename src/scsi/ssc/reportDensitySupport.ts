import { Opcode } from '../opcodes.ts';
import { bit, isSet, openCdb, startCdb, type CdbInput } from '../cdb/cdbCodec.ts';

/**
 * REPORT DENSITY SUPPORT (44h, ssc.md §2.11): `44 0M 00 00 00 00 00 AL AL 00` — byte 1 bit 1
 * MEDIUM TYPE (report medium types instead of densities), bit 0 MEDIA (only what the loaded
 * medium supports); bytes 7–8 allocation length.
 */
export interface ReportDensitySupportCdb {
  mediumType: boolean;
  media: boolean;
  allocationLength: number;
  control: number;
}

export function buildReportDensitySupportCdb(input: CdbInput<ReportDensitySupportCdb, 'mediumType' | 'media' | 'control'>): Buffer {
  return startCdb(Opcode.REPORT_DENSITY_SUPPORT, 10)
    .uint8(bit(input.mediumType, 1) | bit(input.media, 0))
    .zeros(5)
    .uint16(input.allocationLength)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseReportDensitySupportCdb(cdb: Uint8Array): ReportDensitySupportCdb {
  const r = openCdb(cdb, Opcode.REPORT_DENSITY_SUPPORT, 10, 'REPORT DENSITY SUPPORT');
  const b1 = r.byteWithReserved(0xfc);
  r.reservedBytes(5);
  return { mediumType: isSet(b1, 1), media: isSet(b1, 0), allocationLength: r.uint16(), control: r.uint8() };
}
