import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { EMPTY_PARAMETERS, type ChangerParameters } from '../../../../src/driver/changerParameters.ts';
import { Features0, Features1 } from '../../../../src/driver/features.ts';
import { decodeGetChangerParameters, encodeGetChangerParameters, GET_CHANGER_PARAMETERS_LENGTH } from '../../../../src/driver/winioctl/index.ts';
import { PLAIN, u16, u32, u8 } from './arbitraries.ts';
import { assertDecodesOrRefuses, assertFormatError, assertTooShort, atOffset, hex } from './fixtures.ts';

// Every byte of every member holds its own offset, so a member read from or written to the wrong
// place shows up as a wrong value. Reserved bytes are zero, as an encoder must leave them.
const BY_OFFSET = hex`
  3c 00 00 00   // 0x00 Size = 60
  04 05         // 0x04 NumberTransportElements
  06 07         // 0x06 NumberStorageElements
  08 09         // 0x08 NumberCleanerSlots
  0a 0b         // 0x0A NumberIEElements
  0c 0d         // 0x0C NumberDataTransferElements
  0e 0f         // 0x0E NumberOfDoors
  10 11         // 0x10 FirstSlotNumber
  12 13         // 0x12 FirstDriveNumber
  14 15         // 0x14 FirstTransportNumber
  16 17         // 0x16 FirstIEPortNumber
  18 19         // 0x18 FirstCleanerSlotAddress
  1a 1b         // 0x1A MagazineSize
  1c 1d 1e 1f   // 0x1C DriveCleanTimeout
  20 21 22 23   // 0x20 Features0
  24 25 26 27   // 0x24 Features1
  28 29 2a 2b   // 0x28 MoveFromTransport, MoveFromSlot, MoveFromIePort, MoveFromDrive
  2c 2d 2e 2f   // 0x2C ExchangeFromTransport, …Slot, …IePort, …Drive
  30            // 0x30 LockUnlockCapabilities
  31            // 0x31 PositionCapabilities
  00 00         // 0x32 Reserved1[2]
  00 00 00 00   // 0x34 Reserved2[0]
  00 00 00 00   // 0x38 Reserved2[1]
`;

const BY_OFFSET_VALUES: ChangerParameters = {
  numberTransportElements: 0x0504,
  numberStorageElements: 0x0706,
  numberCleanerSlots: 0x0908,
  numberIEElements: 0x0b0a,
  numberDataTransferElements: 0x0d0c,
  numberOfDoors: 0x0f0e,
  firstSlotNumber: 0x1110,
  firstDriveNumber: 0x1312,
  firstTransportNumber: 0x1514,
  firstIEPortNumber: 0x1716,
  firstCleanerSlotAddress: 0x1918,
  magazineSize: 0x1b1a,
  driveCleanTimeout: 0x1f1e1d1c,
  features0: 0x23222120,
  features1: 0x27262524,
  moveFromTransport: 0x28,
  moveFromSlot: 0x29,
  moveFromIePort: 0x2a,
  moveFromDrive: 0x2b,
  exchangeFromTransport: 0x2c,
  exchangeFromSlot: 0x2d,
  exchangeFromIePort: 0x2e,
  exchangeFromDrive: 0x2f,
  lockUnlockCapabilities: 0x30,
  positionCapabilities: 0x31,
};

// A plausible LTO library: 1 picker, 24 slots in two 12-slot magazines, one cleaner slot (the last),
// 4 mailslots, 2 drives, 1 door; slots numbered from 1; Features1 keeps its 0x80000000 marker.
const LTO_LIBRARY = hex`
  3c 00 00 00   // Size
  01 00 18 00   // 1 transport, 24 slots
  01 00 04 00   // 1 cleaner slot, 4 IE ports
  02 00 01 00   // 2 drives, 1 door
  01 00 00 00   // FirstSlotNumber 1, FirstDriveNumber 0
  00 00 00 00   // FirstTransportNumber 0, FirstIEPortNumber 0
  17 00 0c 00   // FirstCleanerSlotAddress 23, MagazineSize 12
  58 02 00 00   // DriveCleanTimeout 600 (a 300 s clean)
  e1 49 01 04   // Features0 0x040149E1
  20 00 00 80   // Features1 = RTN_MEDIA_TO_ORIGINAL_ADDR
  0e 0e 0a 0a   // MoveFrom: transport → slot|ieport|drive, slot → slot|ieport|drive, ieport → slot|drive, drive → slot|drive
  00 00 00 00   // ExchangeFrom*
  03 00         // LockUnlock: ieport|door; PositionCapabilities 0
  00*10         // Reserved
`;

const LTO_LIBRARY_VALUES: ChangerParameters = {
  ...EMPTY_PARAMETERS,
  numberTransportElements: 1,
  numberStorageElements: 24,
  numberCleanerSlots: 1,
  numberIEElements: 4,
  numberDataTransferElements: 2,
  numberOfDoors: 1,
  firstSlotNumber: 1,
  firstCleanerSlotAddress: 23,
  magazineSize: 12,
  driveCleanTimeout: 600,
  features0:
    Features0.BAR_CODE_SCANNER_INSTALLED |
    Features0.EXCHANGE_MEDIA |
    Features0.CLEANER_SLOT |
    Features0.LOCK_UNLOCK |
    Features0.CARTRIDGE_MAGAZINE |
    Features0.REPORT_IEPORT_STATE |
    Features0.STORAGE_SLOT |
    Features0.DRIVE_CLEANING_REQUIRED |
    Features0.SERIAL_NUMBER_VALID,
  features1: Features1.RTN_MEDIA_TO_ORIGINAL_ADDR,
  moveFromTransport: 0x0e,
  moveFromSlot: 0x0e,
  moveFromIePort: 0x0a,
  moveFromDrive: 0x0a,
  lockUnlockCapabilities: 0x03,
};

const parameters: fc.Arbitrary<ChangerParameters> = fc.record({
  numberTransportElements: u16,
  numberStorageElements: u16,
  numberCleanerSlots: u16,
  numberIEElements: u16,
  numberDataTransferElements: u16,
  numberOfDoors: u16,
  firstSlotNumber: u16,
  firstDriveNumber: u16,
  firstTransportNumber: u16,
  firstIEPortNumber: u16,
  firstCleanerSlotAddress: u16,
  magazineSize: u16,
  driveCleanTimeout: u32,
  features0: u32,
  features1: u32,
  moveFromTransport: u8,
  moveFromSlot: u8,
  moveFromIePort: u8,
  moveFromDrive: u8,
  exchangeFromTransport: u8,
  exchangeFromSlot: u8,
  exchangeFromIePort: u8,
  exchangeFromDrive: u8,
  lockUnlockCapabilities: u8,
  positionCapabilities: u8,
}, PLAIN);

describe('GET_CHANGER_PARAMETERS (60 bytes)', () => {
  it('is 60 bytes', () => assert.equal(GET_CHANGER_PARAMETERS_LENGTH, 60));

  it('decodes every member from its own offset', () => {
    assert.deepEqual(decodeGetChangerParameters(BY_OFFSET), BY_OFFSET_VALUES);
  });

  it('encodes every member to its own offset, Size 60 and reserved zero', () => {
    assert.deepEqual(encodeGetChangerParameters(BY_OFFSET_VALUES), BY_OFFSET);
  });

  it('decodes and encodes a plausible library, Features1 marker included', () => {
    assert.deepEqual(decodeGetChangerParameters(LTO_LIBRARY), LTO_LIBRARY_VALUES);
    assert.deepEqual(encodeGetChangerParameters(LTO_LIBRARY_VALUES), LTO_LIBRARY);
  });

  it('ignores reserved bytes and anything past the structure', () => {
    const noisy = new Uint8Array(64).fill(0xaa);
    noisy.set(BY_OFFSET.subarray(0, 50));
    assert.deepEqual(decodeGetChangerParameters(noisy), BY_OFFSET_VALUES);
    assert.deepEqual(decodeGetChangerParameters(atOffset(BY_OFFSET)), BY_OFFSET_VALUES);
  });

  it('refuses a Size other than 60 (an unfilled buffer has 0)', () => {
    assertFormatError(() => decodeGetChangerParameters(new Uint8Array(60)), 'GET_CHANGER_PARAMETERS', /Size: is 0, expected 60/);
    const bigger = Uint8Array.from(BY_OFFSET);
    bigger[0] = 0x40;
    assertFormatError(() => decodeGetChangerParameters(bigger), 'GET_CHANGER_PARAMETERS', /Size: is 64/);
  });

  it('refuses a 59-byte buffer, naming 60 needed and 59 given', () => {
    assertTooShort(decodeGetChangerParameters, 'GET_CHANGER_PARAMETERS', 60);
  });

  it('refuses members that do not fit their fields', () => {
    assertFormatError(
      () => encodeGetChangerParameters({ ...EMPTY_PARAMETERS, numberStorageElements: 65536 }),
      'GET_CHANGER_PARAMETERS',
      /NumberStorageElements: 65536 does not fit a USHORT/,
    );
    assertFormatError(() => encodeGetChangerParameters({ ...EMPTY_PARAMETERS, moveFromSlot: 256 }), 'GET_CHANGER_PARAMETERS', /MoveFromSlot: 256 does not fit a UCHAR/);
    assertFormatError(() => encodeGetChangerParameters({ ...EMPTY_PARAMETERS, features1: 2 ** 32 }), 'GET_CHANGER_PARAMETERS', /Features1/);
    assertFormatError(() => encodeGetChangerParameters({ ...EMPTY_PARAMETERS, driveCleanTimeout: -1 }), 'GET_CHANGER_PARAMETERS', /DriveCleanTimeout/);
    assertFormatError(() => encodeGetChangerParameters({ ...EMPTY_PARAMETERS, magazineSize: Number.NaN }), 'GET_CHANGER_PARAMETERS', /MagazineSize/);
  });

  it('round-trips any parameters', () => {
    fc.assert(fc.property(parameters, (p) => assert.deepEqual(decodeGetChangerParameters(encodeGetChangerParameters(p)), p)));
  });

  it('decodes or refuses any bytes', () => {
    assertDecodesOrRefuses(decodeGetChangerParameters, 80);
    // Random bytes almost never carry Size 60; these do, so the rest of the decoder is exercised too.
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 56, maxLength: 56 }), (tail) => {
        const bytes = Uint8Array.from([0x3c, 0, 0, 0, ...tail]);
        assert.equal(encodeGetChangerParameters(decodeGetChangerParameters(bytes)).length, 60);
      }),
    );
  });
});
