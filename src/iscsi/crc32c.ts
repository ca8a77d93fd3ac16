/**
 * CRC32C (Castagnoli), the iSCSI header and data digest (RFC 7143 §13.1, RFC 3385). Reflected
 * polynomial 0x82F63B78, initial value and final XOR all ones. Table-driven, one byte at a time:
 * digests cover at most a header plus MaxRecvDataSegmentLength bytes, so the simple loop is
 * plenty and stays obviously correct.
 */

const REFLECTED_POLYNOMIAL = 0x82f63b78;

const TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ REFLECTED_POLYNOMIAL : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Continues a CRC over more bytes; pass the previous result as `crc` to digest non-contiguous parts. */
export function crc32c(bytes: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    c = (TABLE[(c ^ (bytes[i] as number)) & 0xff] as number) ^ (c >>> 8);
  }
  return ~c >>> 0;
}

/**
 * The four digest bytes as they travel: least significant byte first (RFC 3720 appendix B.4 shows
 * the digest of 32 zero bytes, 0x8A9136AA, on the wire as aa 36 91 8a).
 */
export function digestBytes(crc: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32LE(crc >>> 0, 0);
  return out;
}

export function readDigest(bytes: Uint8Array, offset: number): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32LE(offset);
}
