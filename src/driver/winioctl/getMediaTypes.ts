import { FileDevice } from './ctlCode.ts';
import { DEVICE_MEDIA_INFO_LENGTH, readDeviceMediaInfo, writeDeviceMediaInfo, type DeviceMediaInfo, type DeviceMediaInfoKind } from './deviceMediaInfo.ts';
import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { requireLength, WinIoctlFormatError } from './winIoctlFormatError.ts';

/** GET_MEDIA_TYPES, the output of IOCTL_STORAGE_GET_MEDIA_TYPES_EX: one entry per medium type the drive takes. */
export interface GetMediaTypes {
  /** FILE_DEVICE_* of the drive; it also tells which DEVICE_MEDIA_INFO variant the entries are. */
  readonly deviceType: number;
  readonly mediaInfo: readonly DeviceMediaInfo[];
}

const STRUCTURE = 'GET_MEDIA_TYPES';
const HEADER_LENGTH = 8;

/** sizeof(GET_MEDIA_TYPES): declared with a one-entry array, and the least output the IOCTL accepts. */
export const GET_MEDIA_TYPES_LENGTH = HEADER_LENGTH + DEVICE_MEDIA_INFO_LENGTH;

/** Tape drives fill TapeInfo; disks, optical and removable disks fill DiskInfo / RemovableDiskInfo. */
export function mediaInfoKind(deviceType: number): DeviceMediaInfoKind {
  return deviceType === FileDevice.TAPE ? 'tape' : 'disk';
}

/** Bytes for `entries` entries; like READ_ELEMENT_ADDRESS_INFO, never less than sizeof. */
export function getMediaTypesLength(entries: number): number {
  return HEADER_LENGTH + Math.max(entries, 1) * DEVICE_MEDIA_INFO_LENGTH;
}

export function encodeGetMediaTypes(m: GetMediaTypes): Uint8Array {
  const w = new LeWriter(STRUCTURE, getMediaTypesLength(m.mediaInfo.length));
  w.u32(m.deviceType, 'DeviceType').u32(m.mediaInfo.length, 'MediaInfoCount');
  const kind = mediaInfoKind(m.deviceType);
  m.mediaInfo.forEach((info, i) => {
    if (info.kind !== kind) throw w.invalid(`MediaInfo[${i}]`, `is ${info.kind} information, but DeviceType 0x${m.deviceType.toString(16)} reads it as ${kind}`);
    writeDeviceMediaInfo(w, info);
  });
  return w.finish();
}

/**
 * Needs the header and MediaInfoCount entries; a driver answering "no types" may return just the
 * 8-byte header, so the one-entry sizeof is not required here.
 */
export function decodeGetMediaTypes(bytes: Uint8Array): GetMediaTypes {
  requireLength(STRUCTURE, bytes, HEADER_LENGTH);
  const r = new LeReader(STRUCTURE, bytes);
  const deviceType = r.u32();
  const count = r.u32();
  const needed = HEADER_LENGTH + count * DEVICE_MEDIA_INFO_LENGTH;
  if (bytes.length < needed) {
    throw new WinIoctlFormatError(STRUCTURE, `MediaInfoCount ${count} needs ${needed} bytes, given ${bytes.length}`, { needed, given: bytes.length });
  }
  const kind = mediaInfoKind(deviceType);
  return { deviceType, mediaInfo: Array.from({ length: count }, () => readDeviceMediaInfo(r, kind)) };
}
