import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, fits, isSet, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';

/**
 * RESERVE(6) (16h), the SCSI-2/SMC form with third-party and element reservations (smc.md §1.2).
 * With `element` set, an element list of `elementListLength` bytes follows as parameter data.
 */
export interface Reserve6Cdb {
  thirdParty: boolean;
  thirdPartyDeviceId: number;
  element: boolean;
  reservationId: number;
  elementListLength: number;
  control: number;
}

type Optional = 'thirdParty' | 'thirdPartyDeviceId' | 'element' | 'reservationId' | 'elementListLength' | 'control';

export function buildReserve6Cdb(input: CdbInput<Reserve6Cdb, Optional> = {}): Buffer {
  return startCdb(Opcode.RESERVE_6, 6)
    .uint8(bit(input.thirdParty, 4) | (fits(input.thirdPartyDeviceId ?? 0, 3, 'third-party device ID') << 1) | bit(input.element, 0))
    .uint8(input.reservationId ?? 0)
    .uint16(input.elementListLength ?? 0)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseReserve6Cdb(cdb: Uint8Array): Reserve6Cdb {
  const r = openCdb(cdb, Opcode.RESERVE_6, 6);
  const b1 = r.uint8() & ~OBSOLETE_LUN_BITS;
  return {
    thirdParty: isSet(b1, 4),
    thirdPartyDeviceId: (b1 >> 1) & 0x07,
    element: isSet(b1, 0),
    reservationId: r.uint8(),
    elementListLength: r.uint16(),
    control: r.uint8(),
  };
}
