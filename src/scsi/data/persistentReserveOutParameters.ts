import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';

/**
 * PERSISTENT RESERVE OUT parameter list, basic form (every service action but REGISTER AND
 * MOVE): 0–7 reservation key, 8–15 service action reservation key, 16–19 obsolete, 20 bit 3
 * SPEC_I_PT, bit 2 ALL_TG_PT, bit 0 APTPL, 21 reserved, 22–23 obsolete, then (with SPEC_I_PT)
 * transport ID data, kept raw.
 */
export interface PersistentReserveOutParameters {
  reservationKey: bigint;
  serviceActionReservationKey: bigint;
  specifyInitiatorPorts: boolean;
  allTargetPorts: boolean;
  /** APTPL: keep registrations across power loss. */
  activatePersistThroughPowerLoss: boolean;
  /** Bytes 24 onwards. */
  additionalParameterData: Buffer;
}

export const PERSISTENT_RESERVE_OUT_PARAMETERS_LENGTH = 24;
const STRUCTURE = 'PERSISTENT RESERVE OUT parameter list';

export function buildPersistentReserveOutParameters(p: Omit<PersistentReserveOutParameters, 'additionalParameterData'> & { additionalParameterData?: Buffer }): Buffer {
  return new BufferWriter(PERSISTENT_RESERVE_OUT_PARAMETERS_LENGTH)
    .uint64(p.reservationKey)
    .uint64(p.serviceActionReservationKey)
    .zeros(4)
    .uint8((p.specifyInitiatorPorts ? 0x08 : 0) | (p.allTargetPorts ? 0x04 : 0) | (p.activatePersistThroughPowerLoss ? 0x01 : 0))
    .zeros(3)
    .bytes(p.additionalParameterData ?? Buffer.alloc(0))
    .toBuffer();
}

/** A list shorter than 24 bytes, or reserved bits in bytes 20–21, is a parameter-list field error. */
export function parsePersistentReserveOutParameters(bytes: Uint8Array): PersistentReserveOutParameters {
  const r = new BufferReader(bytes, STRUCTURE, 'parameter-list');
  r.need(PERSISTENT_RESERVE_OUT_PARAMETERS_LENGTH);
  const reservationKey = r.uint64();
  const serviceActionReservationKey = r.uint64();
  r.skip(4);
  const b20 = r.byteWithReserved(0xf2);
  r.reservedBytes(1);
  r.skip(2);
  return {
    reservationKey,
    serviceActionReservationKey,
    specifyInitiatorPorts: (b20 & 0x08) !== 0,
    allTargetPorts: (b20 & 0x04) !== 0,
    activatePersistThroughPowerLoss: (b20 & 0x01) !== 0,
    additionalParameterData: r.rest(),
  };
}
