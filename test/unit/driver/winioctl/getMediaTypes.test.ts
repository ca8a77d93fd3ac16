import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  decodeDeviceMediaInfo,
  decodeGetMediaTypes,
  DEVICE_MEDIA_INFO_LENGTH,
  DiskMediaType,
  encodeDeviceMediaInfo,
  encodeGetMediaTypes,
  FileDevice,
  GET_MEDIA_TYPES_LENGTH,
  getMediaTypesLength,
  MediaCharacteristics,
  mediaCharacteristicNames,
  mediaInfoKind,
  mediaTypeName,
  StorageBusType,
  StorageMediaType,
  type DiskMediaInfo,
  type GetMediaTypes,
  type TapeMediaInfo,
} from '../../../../src/driver/winioctl/index.ts';
import { PLAIN, u32, u8 } from './arbitraries.ts';
import { assertDecodesOrRefuses, assertFormatError, assertTooShort, hex } from './fixtures.ts';

// An LTO drive on SAS holding a data cartridge, which also takes cleaners.
const LTO_DRIVE = hex`
  1f 00 00 00    // 0  DeviceType = FILE_DEVICE_TAPE
  02 00 00 00    // 4  MediaInfoCount = 2
  56 00 00 00    // 8  [0].MediaType = LTO_Ultrium
  08 00 00 80    // 12 [0].MediaCharacteristics = READ_WRITE|CURRENTLY_MOUNTED
  00 00 04 00    // 16 [0].CurrentBlockSize = 262144
  0a 00 00 00    // 20 [0].BusType = BusTypeSas
  00 5a          // 24 [0].ScsiInformation: MediumType 0, DensityCode 0x5A
  00*14          // 26 rest of the union
  32 00 00 00    // 40 [1].MediaType = CLEANER_CARTRIDGE
  04 00 00 00    // 44 [1].MediaCharacteristics = READ_ONLY
  00 00 00 00    // 48 [1].CurrentBlockSize
  0a 00 00 00    // 52 [1].BusType = BusTypeSas
  01 00          // 56 [1].ScsiInformation: MediumType 1, DensityCode 0
  00*14
`;

const LTO_DRIVE_VALUES: GetMediaTypes = {
  deviceType: FileDevice.TAPE,
  mediaInfo: [
    {
      kind: 'tape',
      mediaType: StorageMediaType.LTO_Ultrium,
      mediaCharacteristics: (MediaCharacteristics.READ_WRITE | MediaCharacteristics.CURRENTLY_MOUNTED) >>> 0,
      currentBlockSize: 262144,
      busType: StorageBusType.Sas,
      scsiMediumType: 0,
      scsiDensityCode: 0x5a,
    },
    {
      kind: 'tape',
      mediaType: StorageMediaType.CLEANER_CARTRIDGE,
      mediaCharacteristics: MediaCharacteristics.READ_ONLY,
      currentBlockSize: 0,
      busType: StorageBusType.Sas,
      scsiMediumType: 1,
      scsiDensityCode: 0,
    },
  ],
};

// A two-sided 5.25" MO disk, write protected; Cylinders uses the high half of the LARGE_INTEGER.
const MO_DISK = hex`
  03 02 00 00 01 00 00 00   // 0  Cylinders = 0x1_00000203
  3b 00 00 00               // 8  MediaType = MO_5_RW
  40 00 00 00               // 12 TracksPerCylinder = 64
  20 00 00 00               // 16 SectorsPerTrack = 32
  00 08 00 00               // 20 BytesPerSector = 2048
  02 00 00 00               // 24 NumberMediaSides = 2
  08 01 00 00               // 28 MediaCharacteristics = READ_WRITE|WRITE_PROTECTED
`;

const MO_DISK_VALUES: DiskMediaInfo = {
  kind: 'disk',
  cylinders: 0x1_00000203n,
  mediaType: StorageMediaType.MO_5_RW,
  tracksPerCylinder: 64,
  sectorsPerTrack: 32,
  bytesPerSector: 2048,
  numberMediaSides: 2,
  mediaCharacteristics: MediaCharacteristics.READ_WRITE | MediaCharacteristics.WRITE_PROTECTED,
};

const tapeInfo: fc.Arbitrary<TapeMediaInfo> = fc.record(
  { kind: fc.constant('tape' as const), mediaType: u32, mediaCharacteristics: u32, currentBlockSize: u32, busType: u32, scsiMediumType: u8, scsiDensityCode: u8 },
  PLAIN,
);
const diskInfo: fc.Arbitrary<DiskMediaInfo> = fc.record(
  {
    kind: fc.constant('disk' as const),
    cylinders: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    mediaType: u32,
    tracksPerCylinder: u32,
    sectorsPerTrack: u32,
    bytesPerSector: u32,
    numberMediaSides: u32,
    mediaCharacteristics: u32,
  },
  PLAIN,
);

describe('DEVICE_MEDIA_INFO (32-byte union)', () => {
  it('is 32 bytes', () => assert.equal(DEVICE_MEDIA_INFO_LENGTH, 32));

  it('decodes and encodes the disk variant', () => {
    assert.deepEqual(decodeDeviceMediaInfo(MO_DISK, 'disk'), MO_DISK_VALUES);
    assert.deepEqual(encodeDeviceMediaInfo(MO_DISK_VALUES), MO_DISK);
  });

  it('decodes and encodes the tape variant', () => {
    const entry = LTO_DRIVE.subarray(8, 40);
    assert.deepEqual(decodeDeviceMediaInfo(entry, 'tape'), LTO_DRIVE_VALUES.mediaInfo[0]);
    assert.deepEqual(encodeDeviceMediaInfo(LTO_DRIVE_VALUES.mediaInfo[0] as TapeMediaInfo), entry);
  });

  it('refuses values that do not fit', () => {
    assertFormatError(() => encodeDeviceMediaInfo({ ...MO_DISK_VALUES, cylinders: 2n ** 63n }), 'DEVICE_MEDIA_INFO', /Cylinders: .* LARGE_INTEGER/);
    assertFormatError(() => encodeDeviceMediaInfo({ ...(LTO_DRIVE_VALUES.mediaInfo[0] as TapeMediaInfo), scsiDensityCode: 0x100 }), 'DEVICE_MEDIA_INFO', /ScsiInformation\.DensityCode/);
  });

  it('refuses a short buffer', () => {
    assertTooShort((b) => decodeDeviceMediaInfo(b, 'disk'), 'DEVICE_MEDIA_INFO', 32);
    assertTooShort((b) => decodeDeviceMediaInfo(b, 'tape'), 'DEVICE_MEDIA_INFO', 32);
  });

  it('round-trips either variant', () => {
    fc.assert(fc.property(fc.oneof(diskInfo, tapeInfo), (info) => assert.deepEqual(decodeDeviceMediaInfo(encodeDeviceMediaInfo(info), info.kind), info)));
  });
});

describe('GET_MEDIA_TYPES (IOCTL_STORAGE_GET_MEDIA_TYPES_EX output)', () => {
  it('is 40 bytes as declared, 8 + 32 per entry beyond', () => {
    assert.equal(GET_MEDIA_TYPES_LENGTH, 40);
    assert.deepEqual([0, 1, 2, 3].map(getMediaTypesLength), [40, 40, 72, 104]);
  });

  it('reads tape entries for FILE_DEVICE_TAPE, disk entries otherwise', () => {
    assert.equal(mediaInfoKind(FileDevice.TAPE), 'tape');
    assert.equal(mediaInfoKind(FileDevice.DISK), 'disk');
    assert.equal(mediaInfoKind(FileDevice.CD_ROM), 'disk');
    assert.equal(mediaInfoKind(FileDevice.DVD), 'disk');
  });

  it('decodes a tape drive’s media list', () => assert.deepEqual(decodeGetMediaTypes(LTO_DRIVE), LTO_DRIVE_VALUES));

  it('encodes to the same bytes', () => assert.deepEqual(encodeGetMediaTypes(LTO_DRIVE_VALUES), LTO_DRIVE));

  it('decodes a disk drive’s list', () => {
    const disk = new Uint8Array(40);
    disk.set(hex`07 00 00 00 01 00 00 00`); // FILE_DEVICE_DISK, one entry
    disk.set(MO_DISK, 8);
    assert.deepEqual(decodeGetMediaTypes(disk), { deviceType: FileDevice.DISK, mediaInfo: [MO_DISK_VALUES] });
  });

  it('writes no types as the 40-byte sizeof, and reads back an 8-byte header alone', () => {
    assert.deepEqual(encodeGetMediaTypes({ deviceType: FileDevice.TAPE, mediaInfo: [] }), hex`1f 00 00 00 00 00 00 00 00*32`);
    assert.deepEqual(decodeGetMediaTypes(hex`1f 00 00 00 00 00 00 00`), { deviceType: FileDevice.TAPE, mediaInfo: [] });
  });

  it('refuses an entry of the wrong variant for the device type', () => {
    assertFormatError(() => encodeGetMediaTypes({ deviceType: FileDevice.TAPE, mediaInfo: [MO_DISK_VALUES] }), 'GET_MEDIA_TYPES', /MediaInfo\[0\]: is disk information, but DeviceType 0x1f reads it as tape/);
  });

  it('refuses a count the bytes do not hold', () => {
    assertFormatError(() => decodeGetMediaTypes(LTO_DRIVE.subarray(0, 71)), 'GET_MEDIA_TYPES', /MediaInfoCount 2 needs 72 bytes, given 71/);
    assertFormatError(() => decodeGetMediaTypes(hex`1f 00 00 00 ff ff ff ff`), 'GET_MEDIA_TYPES', /MediaInfoCount 4294967295/);
  });

  it('refuses fewer than the 8-byte header', () => assertTooShort(decodeGetMediaTypes, 'GET_MEDIA_TYPES', 8));

  it('round-trips any list', () => {
    const tapeList = fc.record({ deviceType: fc.constant(FileDevice.TAPE as number), mediaInfo: fc.array(tapeInfo, { maxLength: 4 }) }, PLAIN);
    const diskList = fc.record({ deviceType: fc.constantFrom<number>(FileDevice.DISK, FileDevice.CD_ROM, FileDevice.DVD), mediaInfo: fc.array(diskInfo, { maxLength: 4 }) }, PLAIN);
    fc.assert(fc.property(fc.oneof(tapeList, diskList), (m) => assert.deepEqual(decodeGetMediaTypes(encodeGetMediaTypes(m)), m)));
  });

  it('decodes or refuses any bytes', () => assertDecodesOrRefuses(decodeGetMediaTypes, 200));
});

describe('STORAGE_MEDIA_TYPE, MEDIA_TYPE, MediaCharacteristics, STORAGE_BUS_TYPE', () => {
  it('hold the values of §3.16', () => {
    assert.equal(StorageMediaType.DDS_4mm, 0x20);
    assert.equal(StorageMediaType.CLEANER_CARTRIDGE, 0x32);
    assert.equal(StorageMediaType.DVD_RW, 0x38);
    assert.equal(StorageMediaType.ABL_5_WO, 0x40);
    assert.equal(StorageMediaType.AVATAR_F2, 0x4e);
    assert.equal(StorageMediaType.STK_9840, 0x55);
    assert.equal(StorageMediaType.LTO_Ultrium, 86);
    assert.equal(StorageMediaType.LTO_Accelis, 87);
    assert.equal(StorageMediaType.SAIT, 0x5d);
    assert.equal(StorageMediaType.VXATape, 0x5e);
    assert.equal(DiskMediaType.RemovableMedia, 11);
    assert.equal(DiskMediaType.F3_32M_512, 25);
    assert.deepEqual(
      [MediaCharacteristics.ERASEABLE, MediaCharacteristics.WRITE_ONCE, MediaCharacteristics.READ_ONLY, MediaCharacteristics.READ_WRITE, MediaCharacteristics.WRITE_PROTECTED, MediaCharacteristics.CURRENTLY_MOUNTED],
      [0x1, 0x2, 0x4, 0x8, 0x100, 0x80000000],
    );
    assert.deepEqual(
      [StorageBusType.Scsi, StorageBusType.Ieee1394, StorageBusType.Fibre, StorageBusType.iScsi, StorageBusType.Sas, StorageBusType.Nvme, StorageBusType.Ufs, StorageBusType.Max, StorageBusType.MaxReserved],
      [1, 4, 6, 9, 10, 17, 19, 20, 0x7f],
    );
  });

  it('numbers STORAGE_MEDIA_TYPE without gaps from 0x20 to 0x5E', () => {
    const values = Object.values(StorageMediaType).filter((v) => typeof v === 'number');
    assert.deepEqual(values, Array.from({ length: 0x5e - 0x20 + 1 }, (_, i) => 0x20 + i));
  });

  it('names media types of either enum and characteristic bits', () => {
    assert.equal(mediaTypeName(0x56), 'LTO_Ultrium');
    assert.equal(mediaTypeName(12), 'FixedMedia');
    assert.equal(mediaTypeName(0x1f), undefined);
    assert.deepEqual(mediaCharacteristicNames(0x80000108), ['READ_WRITE', 'WRITE_PROTECTED', 'CURRENTLY_MOUNTED']);
  });
});
