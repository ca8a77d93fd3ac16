import { Opcode } from '../opcodes.ts';
import { bit, isSet, openCdb, startCdb, type CdbInput } from '../cdb/cdbCodec.ts';

/**
 * WRITE ATTRIBUTE (8Dh): 1 bit 0 WTC (write-through cache); 2–4 restricted; 5 logical volume
 * number; 7 partition number; 10–13 parameter list length.
 */
export interface WriteAttributeCdb {
  writeThroughCache: boolean;
  logicalVolumeNumber: number;
  partitionNumber: number;
  parameterListLength: number;
  control: number;
}

type Optional = 'writeThroughCache' | 'logicalVolumeNumber' | 'partitionNumber' | 'control';

export function buildWriteAttributeCdb(input: CdbInput<WriteAttributeCdb, Optional>): Buffer {
  return startCdb(Opcode.WRITE_ATTRIBUTE, 16)
    .uint8(bit(input.writeThroughCache, 0))
    .zeros(3)
    .uint8(input.logicalVolumeNumber ?? 0)
    .uint8(0)
    .uint8(input.partitionNumber ?? 0)
    .zeros(2)
    .uint32(input.parameterListLength)
    .uint8(0)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseWriteAttributeCdb(cdb: Uint8Array): WriteAttributeCdb {
  const r = openCdb(cdb, Opcode.WRITE_ATTRIBUTE, 16, 'WRITE ATTRIBUTE');
  const b1 = r.byteWithReserved(0xfe);
  r.reservedBytes(3);
  const logicalVolumeNumber = r.uint8();
  r.reservedBytes(1);
  const partitionNumber = r.uint8();
  r.reservedBytes(2);
  const parameterListLength = r.uint32();
  r.reservedBytes(1);
  return { writeThroughCache: isSet(b1, 0), logicalVolumeNumber, partitionNumber, parameterListLength, control: r.uint8() };
}
