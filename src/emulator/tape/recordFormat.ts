/**
 * The on-disk layout of one tape partition file (`<library>/tapes/<cartridge>.p<N>.tape`):
 *
 *   file header, 32 bytes: "CHGRTAPE" | version u32 | partition u32 | partition capacity u64
 *                          (0: the whole cartridge, unpartitioned) | 8 reserved
 *   then one entry per logical object, in tape order:
 *     record header, 20 bytes: kind u32 ("RECD" or "FMRK") | flags u8 (01h deflate) | 3 reserved |
 *                              host length u32 | stored length u32 | FNV-1a of bytes 0–15 u32
 *     payload: stored-length bytes (none for a filemark)
 *
 * Big-endian throughout. Nothing is rewritten in place: appending adds entries, writing in the
 * middle truncates the file there first. So after a crash the file is a run of whole entries
 * possibly followed by one torn entry, which loading cuts off; an entry whose header check fails
 * while its bytes are all there is damage, not a tear, and reads as MEDIUM ERROR from that point.
 */

export const FILE_HEADER_LENGTH = 32;
export const RECORD_HEADER_LENGTH = 20;
const FORMAT_VERSION = 1;

const FILE_MAGIC = Buffer.from('CHGRTAPE', 'latin1');
const RECORD_KIND = 0x52454344; // "RECD"
const FILEMARK_KIND = 0x464d524b; // "FMRK"
const DEFLATED = 0x01;

export interface EntryHeader {
  readonly filemark: boolean;
  readonly deflated: boolean;
  /** Bytes the host wrote (0 for a filemark). */
  readonly hostLength: number;
  /** Payload bytes that follow the header on disk. */
  readonly storedLength: number;
}

export function buildFileHeader(partition: number, capacityBytes: number): Buffer {
  const header = Buffer.alloc(FILE_HEADER_LENGTH);
  FILE_MAGIC.copy(header, 0);
  header.writeUInt32BE(FORMAT_VERSION, 8);
  header.writeUInt32BE(partition, 12);
  header.writeBigUInt64BE(BigInt(capacityBytes), 16);
  return header;
}

/** The partition capacity a file header records (0: the whole cartridge). */
export function fileHeaderCapacity(header: Uint8Array): number {
  return Number(Buffer.from(header.buffer, header.byteOffset, FILE_HEADER_LENGTH).readBigUInt64BE(16));
}

/** True when `bytes` start like a partition file this code wrote. */
export function isFileHeader(bytes: Uint8Array, partition: number): boolean {
  if (bytes.length < FILE_HEADER_LENGTH) return false;
  const header = Buffer.from(bytes.buffer, bytes.byteOffset, FILE_HEADER_LENGTH);
  return header.subarray(0, 8).equals(FILE_MAGIC) && header.readUInt32BE(8) === FORMAT_VERSION && header.readUInt32BE(12) === partition;
}

export function buildEntryHeader(entry: EntryHeader): Buffer {
  const header = Buffer.allocUnsafe(RECORD_HEADER_LENGTH);
  header.writeUInt32BE(entry.filemark ? FILEMARK_KIND : RECORD_KIND, 0);
  header.writeUInt32BE(entry.deflated ? DEFLATED << 24 : 0, 4);
  header.writeUInt32BE(entry.hostLength, 8);
  header.writeUInt32BE(entry.storedLength, 12);
  header.writeUInt32BE(fnv1a(header, 16), 16);
  return header;
}

/** The header at the start of `bytes`, or undefined when it fails its check (damage). */
export function parseEntryHeader(bytes: Buffer): EntryHeader | undefined {
  if (bytes.length < RECORD_HEADER_LENGTH || bytes.readUInt32BE(16) !== fnv1a(bytes, 16)) return undefined;
  const kind = bytes.readUInt32BE(0);
  if (kind !== RECORD_KIND && kind !== FILEMARK_KIND) return undefined;
  const filemark = kind === FILEMARK_KIND;
  const hostLength = bytes.readUInt32BE(8);
  const storedLength = bytes.readUInt32BE(12);
  if (filemark ? hostLength !== 0 || storedLength !== 0 : hostLength === 0) return undefined;
  return { filemark, deflated: ((bytes[4] as number) & DEFLATED) !== 0, hostLength, storedLength };
}

/** FNV-1a over the first `length` bytes: enough to tell a header from damage (not a payload checksum). */
function fnv1a(bytes: Uint8Array, length: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < length; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
  return hash >>> 0;
}
