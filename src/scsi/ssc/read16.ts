import { Opcode } from '../opcodes.ts';
import { bit, isSet, openCdb, startCdb, type CdbInput } from '../cdb/cdbCodec.ts';

/**
 * READ(16) (88h, SSC-3): READ(6) with a partition and a logical object identifier the read must
 * start at (bytes 3, 4–11), checked by the device against its position, and a 24-bit transfer
 * length in bytes 12–14. Byte 1: FCS bit 3, LCS bit 2 (logical block protection, refused here),
 * SILI bit 1, FIXED bit 0.
 */
export interface Read16Cdb {
  suppressIncorrectLength: boolean;
  fixed: boolean;
  partition: number;
  logicalObjectIdentifier: bigint;
  transferLength: number;
  control: number;
}

export function buildRead16Cdb(input: CdbInput<Read16Cdb, 'suppressIncorrectLength' | 'fixed' | 'partition' | 'control'>): Buffer {
  return startCdb(Opcode.READ_16, 16)
    .uint8(bit(input.suppressIncorrectLength, 1) | bit(input.fixed, 0))
    .uint8(0)
    .uint8(input.partition ?? 0)
    .uint64(input.logicalObjectIdentifier)
    .uint24(input.transferLength)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseRead16Cdb(cdb: Uint8Array): Read16Cdb {
  const r = openCdb(cdb, Opcode.READ_16, 16, 'READ(16)');
  const b1 = r.byteWithReserved(0xfc);
  r.reservedBytes(1);
  const partition = r.uint8();
  const logicalObjectIdentifier = r.uint64();
  return { suppressIncorrectLength: isSet(b1, 1), fixed: isSet(b1, 0), partition, logicalObjectIdentifier, transferLength: r.uint24(), control: r.uint8() };
}
