import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';
import { bit, isSet } from '../cdb/cdbCodec.ts';

/**
 * READ POSITION extended-form data (service action 08h, 32 bytes, SSC-3; LTFS reads it): 0 flags
 * as in the short form (BOP 7, EOP 6, LOCU 5, BYCU 4, LOLU 2, PERR 1, BPEW 0), 1 partition,
 * 2–3 additional length (001Ch), 5–7 objects in the buffer, 8–15 first logical object location,
 * 16–23 last logical object location, 24–31 bytes in the buffer.
 */
export interface ReadPositionExtendedData {
  beginningOfPartition: boolean;
  endOfPartition: boolean;
  beyondEarlyWarning: boolean;
  partitionNumber: number;
  objectsInBuffer: number;
  firstObjectLocation: bigint;
  lastObjectLocation: bigint;
  bytesInBuffer: bigint;
}

export const READ_POSITION_EXTENDED_DATA_LENGTH = 32;
const ADDITIONAL_LENGTH = 0x1c;
const STRUCTURE = 'READ POSITION extended-form data';

export function buildReadPositionExtendedData(data: ReadPositionExtendedData): Buffer {
  return new BufferWriter(READ_POSITION_EXTENDED_DATA_LENGTH)
    .uint8(bit(data.beginningOfPartition, 7) | bit(data.endOfPartition, 6) | bit(data.beyondEarlyWarning, 0))
    .uint8(data.partitionNumber)
    .uint16(ADDITIONAL_LENGTH)
    .uint8(0)
    .uint24(data.objectsInBuffer)
    .uint64(data.firstObjectLocation)
    .uint64(data.lastObjectLocation)
    .uint64(data.bytesInBuffer)
    .toBuffer();
}

export function parseReadPositionExtendedData(bytes: Uint8Array): ReadPositionExtendedData {
  if (bytes.length < READ_POSITION_EXTENDED_DATA_LENGTH) throw new ScsiFormatError(STRUCTURE, `${bytes.length} byte(s) is shorter than 32`, 'data');
  const r = new BufferReader(bytes, STRUCTURE);
  const flags = r.uint8();
  const partitionNumber = r.uint8();
  r.skip(3);
  return {
    beginningOfPartition: isSet(flags, 7),
    endOfPartition: isSet(flags, 6),
    beyondEarlyWarning: isSet(flags, 0),
    partitionNumber,
    objectsInBuffer: r.uint24(),
    firstObjectLocation: r.uint64(),
    lastObjectLocation: r.uint64(),
    bytesInBuffer: r.uint64(),
  };
}
