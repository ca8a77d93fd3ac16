import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';
import { bit, isSet } from '../cdb/cdbCodec.ts';

/**
 * READ POSITION long-form data (service action 06h, 32 bytes, SSC-3): 0 flags (BOP 7, EOP 6,
 * MPU 3, LONU 2, BPEW 0), 4–7 partition number, 8–15 logical object number, 16–23 logical file
 * identifier (filemarks between the beginning of the partition and the head), 24–31 logical set
 * identifier (obsolete, 0). PBS requires exactly 32 bytes.
 */
export interface ReadPositionLongData {
  beginningOfPartition: boolean;
  endOfPartition: boolean;
  /** MPU: the mark position (file identifier) is unknown. */
  markPositionUnknown: boolean;
  /** LONU: the logical object number is unknown. */
  objectNumberUnknown: boolean;
  beyondEarlyWarning: boolean;
  partitionNumber: number;
  logicalObjectNumber: bigint;
  logicalFileIdentifier: bigint;
}

export const READ_POSITION_LONG_DATA_LENGTH = 32;
const STRUCTURE = 'READ POSITION long-form data';

export function buildReadPositionLongData(data: ReadPositionLongData): Buffer {
  return new BufferWriter(READ_POSITION_LONG_DATA_LENGTH)
    .uint8(bit(data.beginningOfPartition, 7) | bit(data.endOfPartition, 6) | bit(data.markPositionUnknown, 3) | bit(data.objectNumberUnknown, 2) | bit(data.beyondEarlyWarning, 0))
    .zeros(3)
    .uint32(data.partitionNumber)
    .uint64(data.logicalObjectNumber)
    .uint64(data.logicalFileIdentifier)
    .uint64(0n)
    .toBuffer();
}

export function parseReadPositionLongData(bytes: Uint8Array): ReadPositionLongData {
  if (bytes.length < READ_POSITION_LONG_DATA_LENGTH) throw new ScsiFormatError(STRUCTURE, `${bytes.length} byte(s) is shorter than 32`, 'data');
  const r = new BufferReader(bytes, STRUCTURE);
  const flags = r.uint8();
  r.skip(3);
  return {
    beginningOfPartition: isSet(flags, 7),
    endOfPartition: isSet(flags, 6),
    markPositionUnknown: isSet(flags, 3),
    objectNumberUnknown: isSet(flags, 2),
    beyondEarlyWarning: isSet(flags, 0),
    partitionNumber: r.uint32(),
    logicalObjectNumber: r.uint64(),
    logicalFileIdentifier: r.uint64(),
  };
}
