/**
 * Data Compression mode page 0Fh of a tape drive (ssc.md §2.10, page length 0Eh): byte 2 bit 7
 * DCE (compress what is written), bit 6 DCC (the drive can: st refuses `mt compression` without
 * it); byte 3 bit 7 DDE, bits 6–5 RED; 4–7 compression algorithm; 8–11 decompression algorithm.
 */
import { field, flag, isOn, openSscModePage, startSscModePage } from './sscModePageCodec.ts';

export const DATA_COMPRESSION_PAGE_CODE = 0x0f;
const PAGE_LENGTH = 0x0e;

export interface DataCompressionPage {
  dataCompressionEnable: boolean;
  dataCompressionCapable: boolean;
  dataDecompressionEnable: boolean;
  /** RED, byte 3 bits 6–5: report exception on decompression. */
  reportExceptionOnDecompression: number;
  compressionAlgorithm: number;
  decompressionAlgorithm: number;
}

export function encodeDataCompressionPage(p: DataCompressionPage): Buffer {
  return startSscModePage(DATA_COMPRESSION_PAGE_CODE, PAGE_LENGTH)
    .uint8(flag(p.dataCompressionEnable, 7) | flag(p.dataCompressionCapable, 6))
    .uint8(flag(p.dataDecompressionEnable, 7) | (field(p.reportExceptionOnDecompression, 2, 'RED') << 5))
    .uint32(p.compressionAlgorithm)
    .uint32(p.decompressionAlgorithm)
    .zeros(4)
    .toBuffer();
}

export function decodeDataCompressionPage(bytes: Uint8Array): DataCompressionPage {
  const r = openSscModePage(bytes, 'data compression mode page', DATA_COMPRESSION_PAGE_CODE, PAGE_LENGTH);
  const b2 = r.uint8();
  const b3 = r.uint8();
  return {
    dataCompressionEnable: isOn(b2, 7),
    dataCompressionCapable: isOn(b2, 6),
    dataDecompressionEnable: isOn(b3, 7),
    reportExceptionOnDecompression: (b3 >> 5) & 0x03,
    compressionAlgorithm: r.uint32(),
    decompressionAlgorithm: r.uint32(),
  };
}
