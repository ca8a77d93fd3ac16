import { BufferReader } from '../bufferReader.ts';
import { OBSOLETE_LUN_BITS, bit, isSet, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';

/**
 * The layout RESERVE(10) (56h) and RELEASE(10) (57h) share (SPC-2; Element bit from SMC):
 * byte 1 bit 4 3rdPty, bit 1 LongID, bit 0 Element; byte 2 reservation identification; byte 3
 * third-party device ID; bytes 7–8 parameter list length.
 */
export interface ReserveRelease10Cdb {
  thirdParty: boolean;
  /** LongID: the third-party device ID is in the parameter list (8 bytes) instead of byte 3. */
  longId: boolean;
  element: boolean;
  reservationId: number;
  thirdPartyDeviceId: number;
  parameterListLength: number;
  control: number;
}

export type ReserveRelease10Input = CdbInput<
  ReserveRelease10Cdb,
  'thirdParty' | 'longId' | 'element' | 'reservationId' | 'thirdPartyDeviceId' | 'parameterListLength' | 'control'
>;

export function buildReserveRelease10Cdb(opcode: number, input: ReserveRelease10Input): Buffer {
  return startCdb(opcode, 10)
    .uint8(bit(input.thirdParty, 4) | bit(input.longId, 1) | bit(input.element, 0))
    .uint8(input.reservationId ?? 0)
    .uint8(input.thirdPartyDeviceId ?? 0)
    .zeros(3)
    .uint16(input.parameterListLength ?? 0)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseReserveRelease10Cdb(cdb: Uint8Array, opcode: number): ReserveRelease10Cdb {
  const r: BufferReader = openCdb(cdb, opcode, 10);
  const b1 = r.byteWithReserved(0xec & ~OBSOLETE_LUN_BITS);
  const reservationId = r.uint8();
  const thirdPartyDeviceId = r.uint8();
  r.reservedBytes(3);
  return {
    thirdParty: isSet(b1, 4),
    longId: isSet(b1, 1),
    element: isSet(b1, 0),
    reservationId,
    thirdPartyDeviceId,
    parameterListLength: r.uint16(),
    control: r.uint8(),
  };
}
