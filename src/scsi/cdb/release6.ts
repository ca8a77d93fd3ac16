import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, fits, isSet, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';

/** RELEASE(6) (17h), SCSI-2/SMC form; bytes 3–4 are reserved (no element list). */
export interface Release6Cdb {
  thirdParty: boolean;
  thirdPartyDeviceId: number;
  element: boolean;
  reservationId: number;
  control: number;
}

type Optional = 'thirdParty' | 'thirdPartyDeviceId' | 'element' | 'reservationId' | 'control';

export function buildRelease6Cdb(input: CdbInput<Release6Cdb, Optional> = {}): Buffer {
  return startCdb(Opcode.RELEASE_6, 6)
    .uint8(bit(input.thirdParty, 4) | (fits(input.thirdPartyDeviceId ?? 0, 3, 'third-party device ID') << 1) | bit(input.element, 0))
    .uint8(input.reservationId ?? 0)
    .zeros(2)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseRelease6Cdb(cdb: Uint8Array): Release6Cdb {
  const r = openCdb(cdb, Opcode.RELEASE_6, 6);
  const b1 = r.uint8() & ~OBSOLETE_LUN_BITS;
  const reservationId = r.uint8();
  r.reservedBytes(2);
  return {
    thirdParty: isSet(b1, 4),
    thirdPartyDeviceId: (b1 >> 1) & 0x07,
    element: isSet(b1, 0),
    reservationId,
    control: r.uint8(),
  };
}
