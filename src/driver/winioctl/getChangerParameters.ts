import type { ChangerParameters } from '../changerParameters.ts';
import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { requireLength } from './winIoctlFormatError.ts';

/** sizeof(GET_CHANGER_PARAMETERS) (§3.4); also the value of its Size member. */
export const GET_CHANGER_PARAMETERS_LENGTH = 60;

const STRUCTURE = 'GET_CHANGER_PARAMETERS';
/** Reserved1[2] (UCHAR) and Reserved2[2] (ULONG) close the structure. */
const RESERVED_LENGTH = 10;

export function encodeGetChangerParameters(p: ChangerParameters): Uint8Array {
  const w = new LeWriter(STRUCTURE, GET_CHANGER_PARAMETERS_LENGTH);
  w.u32(GET_CHANGER_PARAMETERS_LENGTH, 'Size')
    .u16(p.numberTransportElements, 'NumberTransportElements')
    .u16(p.numberStorageElements, 'NumberStorageElements')
    .u16(p.numberCleanerSlots, 'NumberCleanerSlots')
    .u16(p.numberIEElements, 'NumberIEElements')
    .u16(p.numberDataTransferElements, 'NumberDataTransferElements')
    .u16(p.numberOfDoors, 'NumberOfDoors')
    .u16(p.firstSlotNumber, 'FirstSlotNumber')
    .u16(p.firstDriveNumber, 'FirstDriveNumber')
    .u16(p.firstTransportNumber, 'FirstTransportNumber')
    .u16(p.firstIEPortNumber, 'FirstIEPortNumber')
    .u16(p.firstCleanerSlotAddress, 'FirstCleanerSlotAddress')
    .u16(p.magazineSize, 'MagazineSize')
    .u32(p.driveCleanTimeout, 'DriveCleanTimeout')
    .u32(p.features0, 'Features0')
    .u32(p.features1, 'Features1')
    .u8(p.moveFromTransport, 'MoveFromTransport')
    .u8(p.moveFromSlot, 'MoveFromSlot')
    .u8(p.moveFromIePort, 'MoveFromIePort')
    .u8(p.moveFromDrive, 'MoveFromDrive')
    .u8(p.exchangeFromTransport, 'ExchangeFromTransport')
    .u8(p.exchangeFromSlot, 'ExchangeFromSlot')
    .u8(p.exchangeFromIePort, 'ExchangeFromIePort')
    .u8(p.exchangeFromDrive, 'ExchangeFromDrive')
    .u8(p.lockUnlockCapabilities, 'LockUnlockCapabilities')
    .u8(p.positionCapabilities, 'PositionCapabilities')
    .skip(RESERVED_LENGTH);
  return w.finish();
}

/**
 * Size acts as the structure's version and a miniclass must set it; any other value means the
 * buffer is not what GET_PARAMETERS returns (an unfilled, zeroed buffer has Size 0), so refuse it.
 */
export function decodeGetChangerParameters(bytes: Uint8Array): ChangerParameters {
  requireLength(STRUCTURE, bytes, GET_CHANGER_PARAMETERS_LENGTH);
  const r = new LeReader(STRUCTURE, bytes);
  const size = r.u32();
  if (size !== GET_CHANGER_PARAMETERS_LENGTH) throw r.invalid('Size', `is ${size}, expected ${GET_CHANGER_PARAMETERS_LENGTH}`);
  return {
    numberTransportElements: r.u16(),
    numberStorageElements: r.u16(),
    numberCleanerSlots: r.u16(),
    numberIEElements: r.u16(),
    numberDataTransferElements: r.u16(),
    numberOfDoors: r.u16(),
    firstSlotNumber: r.u16(),
    firstDriveNumber: r.u16(),
    firstTransportNumber: r.u16(),
    firstIEPortNumber: r.u16(),
    firstCleanerSlotAddress: r.u16(),
    magazineSize: r.u16(),
    driveCleanTimeout: r.u32(),
    features0: r.u32(),
    features1: r.u32(),
    moveFromTransport: r.u8(),
    moveFromSlot: r.u8(),
    moveFromIePort: r.u8(),
    moveFromDrive: r.u8(),
    exchangeFromTransport: r.u8(),
    exchangeFromSlot: r.u8(),
    exchangeFromIePort: r.u8(),
    exchangeFromDrive: r.u8(),
    lockUnlockCapabilities: r.u8(),
    positionCapabilities: r.u8(),
  };
}
