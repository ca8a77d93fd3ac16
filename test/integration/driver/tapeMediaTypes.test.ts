/**
 * IOCTL_STORAGE_GET_MEDIA_TYPES_EX on an emulated LTO-8 drive (library-24's ULTRIUM-HH8), as RSM
 * asks each drive: the densities of REPORT DENSITY SUPPORT, and with an LTO-7 cartridge threaded
 * that density marked CURRENTLY_MOUNTED with the medium type MODE SENSE reports.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TapeDrive } from '../../../src/driver/tape/index.ts';
import { IOCTL_CHANGER_GET_STATUS, IOCTL_STORAGE_GET_MEDIA_TYPES_EX, decodeGetMediaTypes, StorageBusType, StorageMediaType } from '../../../src/driver/winioctl/index.ts';
import { drive, openTapeStack, slot, type TapeStack } from './tapeStack.ts';

const LTO7_SLOT = 22;
const FILE_DEVICE_TAPE = 0x1f;
const READ_WRITE = 0x08;
const CURRENTLY_MOUNTED = 0x80000000;

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('GET_MEDIA_TYPES_EX on an LTO-8 drive (library-24)', () => {
  let stack: TapeStack;
  let tape: TapeDrive;

  before(async () => {
    stack = await openTapeStack('library-24', { magazine: 'right', cartridges: new Map([[10, { barcode: 'SEV001L7' }]]) });
    tape = await TapeDrive.open(stack.driveUrl(0), { clock: stack.library.clock });
  });

  after(async () => {
    await tape?.close();
    await stack?.close();
  });

  it('empty: LTO-8, LTO-7 type M and LTO-7, all read-write, none mounted', async () => {
    const r = await tape.deviceIoControl(IOCTL_STORAGE_GET_MEDIA_TYPES_EX, new Uint8Array(0), 1024);
    assert.equal(r.status, 0);
    assert.equal(r.output.length, 8 + 3 * 32);
    const types = decodeGetMediaTypes(r.output);
    assert.equal(types.deviceType, FILE_DEVICE_TAPE);
    assert.deepEqual(types.mediaInfo, [0x5e, 0x5d, 0x5c].map((density) => ({
      kind: 'tape', mediaType: StorageMediaType.LTO_Ultrium, mediaCharacteristics: READ_WRITE, currentBlockSize: 0,
      busType: StorageBusType.Virtual, scsiMediumType: 0, scsiDensityCode: density,
    })));
  });

  it('an LTO-7 cartridge threaded: its entry (density 5Ch, medium type 78h) is CURRENTLY_MOUNTED, byte for byte', async () => {
    await stack.move(slot(LTO7_SLOT), drive(0));
    await tape.waitReady({ timeoutMs: 600_000 });
    const r = await tape.deviceIoControl(IOCTL_STORAGE_GET_MEDIA_TYPES_EX, new Uint8Array(0), 1024);
    assert.equal(r.status, 0);
    const entry = (density: string, characteristics: string, mediumType: string): string =>
      '56000000' + characteristics + '00000000' + '0e000000' + mediumType + density + '0000000000000000000000000000';
    assert.equal(hex(r.output), '1f000000' + '03000000' +
      entry('5e', '08000000', '00') +
      entry('5d', '08000000', '00') +
      entry('5c', '08000080', '78'));
    assert.equal((decodeGetMediaTypes(r.output).mediaInfo[2]?.mediaCharacteristics ?? 0) >>> 0, (READ_WRITE | CURRENTLY_MOUNTED) >>> 0);
  });

  it('output shorter than sizeof(GET_MEDIA_TYPES), or than every entry, is STATUS_INFO_LENGTH_MISMATCH; a changer code STATUS_INVALID_DEVICE_REQUEST', async () => {
    const tiny = await tape.deviceIoControl(IOCTL_STORAGE_GET_MEDIA_TYPES_EX, new Uint8Array(0), 39);
    assert.deepEqual([tiny.status, tiny.output.length], [0xc0000004, 0]);
    const short = await tape.deviceIoControl(IOCTL_STORAGE_GET_MEDIA_TYPES_EX, new Uint8Array(0), 103);
    assert.equal(short.status, 0xc0000004);
    assert.equal(short.message, 'IOCTL_STORAGE_GET_MEDIA_TYPES_EX: 3 media types need 104 bytes, given 103');
    assert.equal((await tape.deviceIoControl(IOCTL_CHANGER_GET_STATUS, new Uint8Array(0), 0)).status, 0xc0000010);
  });
});
