import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { requireLength } from './winIoctlFormatError.ts';

/** sizeof(DEVICE_MEDIA_INFO): a union whose disk variant, led by a LARGE_INTEGER, sets 32 and 8-alignment. */
export const DEVICE_MEDIA_INFO_LENGTH = 32;

/**
 * DeviceSpecific.DiskInfo / RemovableDiskInfo (one layout). MediaType holds a DiskMediaType or a
 * StorageMediaType; it and the other numbers are kept as read, since newer Windows versions extend
 * the enums this model lists.
 */
export interface DiskMediaInfo {
  readonly kind: 'disk';
  readonly cylinders: bigint;
  readonly mediaType: number;
  readonly tracksPerCylinder: number;
  readonly sectorsPerTrack: number;
  readonly bytesPerSector: number;
  /** 1, or 2 for two-sided media. */
  readonly numberMediaSides: number;
  /** MediaCharacteristics bits. */
  readonly mediaCharacteristics: number;
}

/** DeviceSpecific.TapeInfo. The SCSI pair is BusSpecificData.ScsiInformation, the union's only member. */
export interface TapeMediaInfo {
  readonly kind: 'tape';
  /** A StorageMediaType. */
  readonly mediaType: number;
  readonly mediaCharacteristics: number;
  readonly currentBlockSize: number;
  /** A StorageBusType. */
  readonly busType: number;
  /** The SCSI medium type and density code the drive reports (MODE SENSE). */
  readonly scsiMediumType: number;
  readonly scsiDensityCode: number;
}

/**
 * The bytes do not say which variant they hold; the reader knows from the device type
 * (GET_MEDIA_TYPES.DeviceType), hence the explicit kind.
 */
export type DeviceMediaInfo = DiskMediaInfo | TapeMediaInfo;
export type DeviceMediaInfoKind = DeviceMediaInfo['kind'];

const STRUCTURE = 'DEVICE_MEDIA_INFO';
/** TapeInfo ends at byte 18; the rest of the union is unused by it. */
const TAPE_UNUSED_LENGTH = 14;

export function writeDeviceMediaInfo(w: LeWriter, info: DeviceMediaInfo): void {
  if (info.kind === 'disk') {
    w.i64(info.cylinders, 'Cylinders')
      .u32(info.mediaType, 'MediaType')
      .u32(info.tracksPerCylinder, 'TracksPerCylinder')
      .u32(info.sectorsPerTrack, 'SectorsPerTrack')
      .u32(info.bytesPerSector, 'BytesPerSector')
      .u32(info.numberMediaSides, 'NumberMediaSides')
      .u32(info.mediaCharacteristics, 'MediaCharacteristics');
    return;
  }
  w.u32(info.mediaType, 'MediaType')
    .u32(info.mediaCharacteristics, 'MediaCharacteristics')
    .u32(info.currentBlockSize, 'CurrentBlockSize')
    .u32(info.busType, 'BusType')
    .u8(info.scsiMediumType, 'ScsiInformation.MediumType')
    .u8(info.scsiDensityCode, 'ScsiInformation.DensityCode')
    .skip(TAPE_UNUSED_LENGTH);
}

export function readDeviceMediaInfo(r: LeReader, kind: DeviceMediaInfoKind): DeviceMediaInfo {
  if (kind === 'disk') {
    return {
      kind,
      cylinders: r.i64(),
      mediaType: r.u32(),
      tracksPerCylinder: r.u32(),
      sectorsPerTrack: r.u32(),
      bytesPerSector: r.u32(),
      numberMediaSides: r.u32(),
      mediaCharacteristics: r.u32(),
    };
  }
  const tape: TapeMediaInfo = {
    kind,
    mediaType: r.u32(),
    mediaCharacteristics: r.u32(),
    currentBlockSize: r.u32(),
    busType: r.u32(),
    scsiMediumType: r.u8(),
    scsiDensityCode: r.u8(),
  };
  r.skip(TAPE_UNUSED_LENGTH);
  return tape;
}

export function encodeDeviceMediaInfo(info: DeviceMediaInfo): Uint8Array {
  const w = new LeWriter(STRUCTURE, DEVICE_MEDIA_INFO_LENGTH);
  writeDeviceMediaInfo(w, info);
  return w.finish();
}

export function decodeDeviceMediaInfo(bytes: Uint8Array, kind: DeviceMediaInfoKind): DeviceMediaInfo {
  requireLength(STRUCTURE, bytes, DEVICE_MEDIA_INFO_LENGTH);
  return readDeviceMediaInfo(new LeReader(STRUCTURE, bytes), kind);
}
