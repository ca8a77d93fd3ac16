import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';
import { bit, isSet } from '../cdb/cdbCodec.ts';

/**
 * READ POSITION short-form data (20 bytes, SSC-3): 0 flags (BOP 7, EOP 6, LOCU 5, BYCU 4, LOLU 2,
 * PERR 1, BPEW 0), 1 partition number, 4–7 first logical object location (the block number the
 * next read or write reaches; filemarks count as objects), 8–11 last logical object location,
 * 13–15 objects in the drive's buffer, 16–19 bytes in the buffer.
 */
export interface ReadPositionShortData {
  /** BOP: the tape is at the beginning of the partition. */
  beginningOfPartition: boolean;
  /** EOP: the tape is between early warning and the end of the partition. */
  endOfPartition: boolean;
  /** LOCU: the buffered-object count is unknown. */
  objectCountUnknown: boolean;
  /** BYCU: the buffered-byte count is unknown. */
  byteCountUnknown: boolean;
  /** LOLU: the location fields are not valid (the position is unknown). */
  locationUnknown: boolean;
  /** PERR: a location overflowed its 4-byte field. */
  positionError: boolean;
  /** BPEW: beyond the programmable early warning. */
  beyondEarlyWarning: boolean;
  partitionNumber: number;
  firstBlockLocation: number;
  lastBlockLocation: number;
  blocksInBuffer: number;
  bytesInBuffer: number;
}

export const READ_POSITION_SHORT_DATA_LENGTH = 20;
const STRUCTURE = 'READ POSITION short-form data';

export function buildReadPositionShortData(data: ReadPositionShortData): Buffer {
  return new BufferWriter(READ_POSITION_SHORT_DATA_LENGTH)
    .uint8(
      bit(data.beginningOfPartition, 7) |
        bit(data.endOfPartition, 6) |
        bit(data.objectCountUnknown, 5) |
        bit(data.byteCountUnknown, 4) |
        bit(data.locationUnknown, 2) |
        bit(data.positionError, 1) |
        bit(data.beyondEarlyWarning, 0),
    )
    .uint8(data.partitionNumber)
    .zeros(2)
    .uint32(data.firstBlockLocation)
    .uint32(data.lastBlockLocation)
    .uint8(0)
    .uint24(data.blocksInBuffer)
    .uint32(data.bytesInBuffer)
    .toBuffer();
}

export function parseReadPositionShortData(bytes: Uint8Array): ReadPositionShortData {
  if (bytes.length < READ_POSITION_SHORT_DATA_LENGTH) throw new ScsiFormatError(STRUCTURE, `${bytes.length} byte(s) is shorter than 20`, 'data');
  const r = new BufferReader(bytes, STRUCTURE);
  const flags = r.uint8();
  const partitionNumber = r.uint8();
  r.skip(2);
  const firstBlockLocation = r.uint32();
  const lastBlockLocation = r.uint32();
  r.skip(1);
  return {
    beginningOfPartition: isSet(flags, 7),
    endOfPartition: isSet(flags, 6),
    objectCountUnknown: isSet(flags, 5),
    byteCountUnknown: isSet(flags, 4),
    locationUnknown: isSet(flags, 2),
    positionError: isSet(flags, 1),
    beyondEarlyWarning: isSet(flags, 0),
    partitionNumber,
    firstBlockLocation,
    lastBlockLocation,
    blocksInBuffer: r.uint24(),
    bytesInBuffer: r.uint32(),
  };
}
