import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';
import { buildLogPage, parseLogPage, type LogParameter } from './logPage.ts';

/**
 * The log pages a tape drive reports about its tape (ssc.md §2.12): 0Ch sequential-access
 * device, 17h volume statistics, 31h tape capacity (IBM/HP, what LTFS reads). Sizes in MB are
 * 10^6 bytes. Counters are binary parameters (format and linking 00b); text parameters are ASCII
 * (01b); the per-partition records of 17h are 8 bytes each: length 7, reserved, partition, value.
 */
export const TapeLogPageCode = {
  SEQUENTIAL_ACCESS_DEVICE: 0x0c,
  TAPE_ALERT_RESPONSE: 0x12,
  VOLUME_STATISTICS: 0x17,
  TAPE_CAPACITY: 0x31,
} as const;

/** Page 0Ch parameters. */
export const SequentialAccessParameter = {
  HOST_BYTES_WRITTEN: 0x0000,
  MEDIUM_BYTES_WRITTEN: 0x0001,
  MEDIUM_BYTES_READ: 0x0002,
  HOST_BYTES_READ: 0x0003,
  NATIVE_MB_BOP_TO_EOD: 0x0004,
  NATIVE_MB_BOP_TO_EARLY_WARNING: 0x0005,
  NATIVE_MB_EARLY_WARNING_TO_END: 0x0006,
  NATIVE_MB_BOP_TO_CURRENT: 0x0007,
  BUFFER_MB: 0x0008,
  CLEANING_REQUIRED: 0x0100,
} as const;

/** Page 17h parameters this drive reports. */
export const VolumeStatisticsParameter = {
  PAGE_VALID: 0x0000,
  THREAD_COUNT: 0x0001,
  LAST_MOUNT_MB_WRITTEN: 0x000e,
  LAST_MOUNT_MB_READ: 0x000f,
  TOTAL_NATIVE_CAPACITY_MB: 0x0016,
  USED_NATIVE_CAPACITY_MB: 0x0017,
  VOLUME_SERIAL_NUMBER: 0x0040,
  VOLUME_BARCODE: 0x0042,
  WRITE_PROTECT: 0x0080,
  WORM: 0x0081,
  NATIVE_CAPACITY_PER_PARTITION: 0x0202,
  USED_NATIVE_CAPACITY_PER_PARTITION: 0x0203,
  REMAINING_NATIVE_CAPACITY_PER_PARTITION: 0x0204,
} as const;

/** Page 31h parameters: remaining and maximum MB of partitions 0 and 1. */
export const TapeCapacityParameter = {
  PARTITION_0_REMAINING: 0x0001,
  PARTITION_1_REMAINING: 0x0002,
  PARTITION_0_MAXIMUM: 0x0003,
  PARTITION_1_MAXIMUM: 0x0004,
} as const;

const BINARY = 0x00;
const ASCII = 0x01;

/** Page 12h parameter 0000h: the 64 TapeAlert flags as 8 bytes, flag 1 the most significant bit. */
export function tapeAlertResponseParameter(active: readonly boolean[]): LogParameter {
  const value = Buffer.alloc(8);
  active.slice(0, 64).forEach((on, i) => {
    if (on) value[i >> 3] = value[i >> 3]! | (0x80 >> (i & 7));
  });
  return { code: 0x0000, control: BINARY, value };
}

/** A binary counter parameter of `width` bytes (1, 2, 4 or 8). */
export function counterParameter(code: number, value: number | bigint, width: 1 | 2 | 4 | 8): LogParameter {
  const w = new BufferWriter(width);
  if (width === 8) w.uint64(BigInt(value));
  else if (width === 4) w.uint32(Number(value));
  else if (width === 2) w.uint16(Number(value));
  else w.uint8(Number(value));
  return { code, control: BINARY, value: w.toBuffer() };
}

/** An ASCII parameter, left-aligned and space-padded to `width`. */
export function asciiParameter(code: number, text: string, width: number): LogParameter {
  return { code, control: ASCII, value: new BufferWriter(width).paddedText(text, width).toBuffer() };
}

export interface PartitionValue {
  partition: number;
  value: number;
}

/** Page 17h 0200h–0204h: one 8-byte record per partition (length 7, reserved, partition, value). */
export function partitionRecordsParameter(code: number, records: readonly PartitionValue[]): LogParameter {
  const w = new BufferWriter(8 * records.length);
  for (const r of records) w.uint8(7).uint8(0).uint16(r.partition).uint32(r.value);
  return { code, control: BINARY, value: w.toBuffer() };
}

export function parsePartitionRecords(value: Uint8Array): PartitionValue[] {
  if (value.length % 8 !== 0) throw new ScsiFormatError('partition records', `${value.length} bytes is not 8 per partition`, 'data');
  const b = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  const records: PartitionValue[] = [];
  for (let at = 0; at < b.length; at += 8) records.push({ partition: b.readUInt16BE(at + 2), value: b.readUInt32BE(at + 4) });
  return records;
}

export function buildTapeLogPage(pageCode: number, parameters: LogParameter[]): Buffer {
  return buildLogPage({ pageCode, subpageFormat: false, subpageCode: 0, disableSave: false, parameters });
}

/** The page's parameters by code, their values as unsigned integers (bigint for 8-byte ones) or bytes. */
export function parseTapeLogPage(bytes: Uint8Array, pageCode: number): Map<number, Buffer> {
  const page = parseLogPage(bytes);
  if (page.pageCode !== pageCode) throw new ScsiFormatError('tape log page', `page code ${page.pageCode.toString(16)}h is not ${pageCode.toString(16)}h`, 'data', { byte: 0 });
  return new Map(page.parameters.map((p) => [p.code, p.value]));
}

/** A counter's value read back: any width up to 8 bytes. */
export function counterValue(value: Uint8Array | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  let n = 0n;
  for (const byte of value) n = (n << 8n) | BigInt(byte);
  return n;
}
