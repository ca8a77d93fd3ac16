import { Opcode } from '../opcodes.ts';
import { bit, hex, isSet, openCdb, startCdb, type CdbInput } from '../cdb/cdbCodec.ts';

/** FORMAT of FORMAT MEDIUM (byte 2 bits 3–0). */
export const MediumFormat = {
  /** One partition of the whole tape. */
  DEFAULT: 0,
  /** Partitions as the medium partition page (11h) says. */
  PARTITION: 1,
  /** Default format, then partitioned per page 11h. */
  DEFAULT_THEN_PARTITION: 2,
} as const;

export type MediumFormat = (typeof MediumFormat)[keyof typeof MediumFormat];

/** FORMAT MEDIUM (04h, SSC-3): byte 1 VERIFY bit 1, IMMED bit 0; byte 2 FORMAT; bytes 3–4 TRANSFER LENGTH (0). */
export interface FormatMediumCdb {
  verify: boolean;
  immediate: boolean;
  format: MediumFormat;
  transferLength: number;
  control: number;
}

export function buildFormatMediumCdb(input: CdbInput<FormatMediumCdb, 'verify' | 'immediate' | 'format' | 'transferLength' | 'control'> = {}): Buffer {
  return startCdb(Opcode.FORMAT_MEDIUM, 6)
    .uint8(bit(input.verify, 1) | bit(input.immediate, 0))
    .uint8(input.format ?? MediumFormat.DEFAULT)
    .uint16(input.transferLength ?? 0)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseFormatMediumCdb(cdb: Uint8Array): FormatMediumCdb {
  const r = openCdb(cdb, Opcode.FORMAT_MEDIUM, 6, 'FORMAT MEDIUM');
  const b1 = r.byteWithReserved(0xfc);
  const format = r.byteWithReserved(0xf0);
  if (format > MediumFormat.DEFAULT_THEN_PARTITION) throw r.error(`format ${hex(format)} is reserved`, 2, 3);
  return { verify: isSet(b1, 1), immediate: isSet(b1, 0), format: format as MediumFormat, transferLength: r.uint16(), control: r.uint8() };
}
