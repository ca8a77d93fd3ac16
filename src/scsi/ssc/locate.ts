import { Opcode } from '../opcodes.ts';
import { bit, hex, isSet, openCdb, startCdb, type CdbInput } from '../cdb/cdbCodec.ts';

/** DEST_TYPE of LOCATE(16): what the identifier counts. */
export const LocateDestination = {
  /** Blocks and filemarks from the beginning of the partition (the LOCATE(10) meaning). */
  LOGICAL_OBJECT: 0,
  /** Filemarks: the head stops on the beginning side of that filemark (IBM numbering, PBS). */
  LOGICAL_FILE: 1,
} as const;

export type LocateDestination = (typeof LocateDestination)[keyof typeof LocateDestination];

/**
 * LOCATE(10) (2Bh) and LOCATE(16) (92h), SSC-3, as one object: where the head goes. LOCATE(10):
 * byte 1 BT bit 2 (block address in vendor form: on LTO the same logical object number), CP bit 1,
 * IMMED bit 0; bytes 3–6 the 32-bit identifier; byte 8 the partition (used when CP = 1).
 * LOCATE(16): byte 1 DEST_TYPE bits 4–3, CP bit 1, IMMED bit 0; byte 2 BAM bit 0; byte 3 the
 * partition; bytes 4–11 the 64-bit identifier.
 */
export interface LocateCdb {
  destination: LocateDestination;
  changePartition: boolean;
  immediate: boolean;
  partition: number;
  identifier: bigint;
  control: number;
}

export function buildLocate10Cdb(input: CdbInput<LocateCdb, 'destination' | 'changePartition' | 'immediate' | 'partition' | 'control'>): Buffer {
  return startCdb(Opcode.LOCATE_10, 10)
    .uint8(bit(true, 2) | bit(input.changePartition, 1) | bit(input.immediate, 0))
    .uint8(0)
    .uint32(Number(input.identifier))
    .uint8(0)
    .uint8(input.partition ?? 0)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseLocate10Cdb(cdb: Uint8Array): LocateCdb {
  const r = openCdb(cdb, Opcode.LOCATE_10, 10, 'LOCATE(10)');
  const b1 = r.byteWithReserved(0xf8 & ~0xe0);
  r.reservedBytes(1);
  const identifier = BigInt(r.uint32());
  r.reservedBytes(1);
  const partition = r.uint8();
  return { destination: LocateDestination.LOGICAL_OBJECT, changePartition: isSet(b1, 1), immediate: isSet(b1, 0), partition, identifier, control: r.uint8() };
}

export function buildLocate16Cdb(input: CdbInput<LocateCdb, 'destination' | 'changePartition' | 'immediate' | 'partition' | 'control'>): Buffer {
  return startCdb(Opcode.LOCATE_16, 16)
    .uint8(((input.destination ?? 0) << 3) | bit(input.changePartition, 1) | bit(input.immediate, 0))
    .uint8(0)
    .uint8(input.partition ?? 0)
    .uint64(input.identifier)
    .zeros(3)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseLocate16Cdb(cdb: Uint8Array): LocateCdb {
  const r = openCdb(cdb, Opcode.LOCATE_16, 16, 'LOCATE(16)');
  const b1 = r.byteWithReserved(0xe4);
  const destination = (b1 >> 3) & 0x03;
  if (destination > LocateDestination.LOGICAL_FILE) throw r.error(`destination type ${hex(destination)} is not supported`, 1, 4);
  r.byteWithReserved(0xfe); // BAM: both addressing modes mean the same on this drive
  const partition = r.uint8();
  const identifier = r.uint64();
  r.reservedBytes(3);
  return { destination: destination as LocateDestination, changePartition: isSet(b1, 1), immediate: isSet(b1, 0), partition, identifier, control: r.uint8() };
}
