import { Opcode } from '../opcodes.ts';
import { bit, isSet, openCdb, startCdb, type CdbInput } from '../cdb/cdbCodec.ts';

/**
 * WRITE(16) (8Ah, SSC-3): WRITE(6) with the partition and logical object identifier the write must
 * start at (bytes 3, 4–11; the device refuses a mismatch) and a 24-bit transfer length in bytes
 * 12–14. Byte 1: FCS bit 3, LCS bit 2 (logical block protection, refused here), FIXED bit 0.
 */
export interface Write16Cdb {
  fixed: boolean;
  partition: number;
  logicalObjectIdentifier: bigint;
  transferLength: number;
  control: number;
}

export function buildWrite16Cdb(input: CdbInput<Write16Cdb, 'fixed' | 'partition' | 'control'>): Buffer {
  return startCdb(Opcode.WRITE_16, 16)
    .uint8(bit(input.fixed, 0))
    .uint8(0)
    .uint8(input.partition ?? 0)
    .uint64(input.logicalObjectIdentifier)
    .uint24(input.transferLength)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseWrite16Cdb(cdb: Uint8Array): Write16Cdb {
  const r = openCdb(cdb, Opcode.WRITE_16, 16, 'WRITE(16)');
  const b1 = r.byteWithReserved(0xfe);
  r.reservedBytes(1);
  const partition = r.uint8();
  const logicalObjectIdentifier = r.uint64();
  return { fixed: isSet(b1, 0), partition, logicalObjectIdentifier, transferLength: r.uint24(), control: r.uint8() };
}
