import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';
import { fits } from '../cdb/cdbCodec.ts';

/**
 * READ BLOCK LIMITS data (6 bytes): 0 bits 4–0 GRANULARITY (block lengths are multiples of
 * 2^granularity), 1–3 MAXIMUM BLOCK LENGTH LIMIT, 4–5 MINIMUM BLOCK LENGTH LIMIT.
 */
export interface ReadBlockLimitsData {
  granularity: number;
  maximumBlockLength: number;
  minimumBlockLength: number;
}

export const READ_BLOCK_LIMITS_DATA_LENGTH = 6;
const STRUCTURE = 'READ BLOCK LIMITS data';

export function buildReadBlockLimitsData(data: ReadBlockLimitsData): Buffer {
  return new BufferWriter(READ_BLOCK_LIMITS_DATA_LENGTH)
    .uint8(fits(data.granularity, 5, 'granularity'))
    .uint24(data.maximumBlockLength)
    .uint16(data.minimumBlockLength)
    .toBuffer();
}

export function parseReadBlockLimitsData(bytes: Uint8Array): ReadBlockLimitsData {
  if (bytes.length < READ_BLOCK_LIMITS_DATA_LENGTH) throw new ScsiFormatError(STRUCTURE, `${bytes.length} byte(s) is shorter than 6`, 'data');
  const r = new BufferReader(bytes, STRUCTURE);
  const granularity = r.byteWithReserved(0xe0);
  return { granularity, maximumBlockLength: r.uint24(), minimumBlockLength: r.uint16() };
}
