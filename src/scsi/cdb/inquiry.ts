import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, isSet, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';

/** INQUIRY (12h), SPC-3 form: 16-bit allocation length in bytes 3–4 (SCSI-2 used byte 4 alone, which reads the same for < 256). */
export interface InquiryCdb {
  /** EVPD: return the vital product data page `pageCode` instead of standard data. */
  evpd: boolean;
  pageCode: number;
  allocationLength: number;
  control: number;
}

export function buildInquiryCdb(input: CdbInput<InquiryCdb, 'evpd' | 'pageCode' | 'control'>): Buffer {
  return startCdb(Opcode.INQUIRY, 6)
    .uint8(bit(input.evpd, 0))
    .uint8(input.pageCode ?? 0)
    .uint16(input.allocationLength)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseInquiryCdb(cdb: Uint8Array): InquiryCdb {
  const r = openCdb(cdb, Opcode.INQUIRY, 6);
  // Bit 1 was CMDDT (SPC-2); SPC-3 made it obsolete and a device that sees it set must refuse.
  const evpd = isSet(r.byteWithReserved(0xfe & ~OBSOLETE_LUN_BITS), 0);
  const pageCode = r.uint8();
  // SPC: a page code without EVPD is an invalid field, not a request for standard data.
  if (!evpd && pageCode !== 0) throw r.error('page code set while EVPD is zero', 2);
  return { evpd, pageCode, allocationLength: r.uint16(), control: r.uint8() };
}
