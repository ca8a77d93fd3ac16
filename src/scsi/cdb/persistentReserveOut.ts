import { Opcode } from '../opcodes.ts';
import { fits, hex, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';

export const PersistentReserveOutAction = {
  REGISTER: 0x00,
  RESERVE: 0x01,
  RELEASE: 0x02,
  CLEAR: 0x03,
  PREEMPT: 0x04,
  PREEMPT_AND_ABORT: 0x05,
  REGISTER_AND_IGNORE_EXISTING_KEY: 0x06,
  REGISTER_AND_MOVE: 0x07,
} as const;

export type PersistentReserveOutAction = (typeof PersistentReserveOutAction)[keyof typeof PersistentReserveOutAction];

/** TYPE values of a persistent reservation. */
export const PersistentReservationType = {
  WRITE_EXCLUSIVE: 0x1,
  EXCLUSIVE_ACCESS: 0x3,
  WRITE_EXCLUSIVE_REGISTRANTS_ONLY: 0x5,
  EXCLUSIVE_ACCESS_REGISTRANTS_ONLY: 0x6,
  WRITE_EXCLUSIVE_ALL_REGISTRANTS: 0x7,
  EXCLUSIVE_ACCESS_ALL_REGISTRANTS: 0x8,
} as const;

/** SCOPE values; element scope is obsolete and only kept to name what old initiators send. */
export const PersistentReservationScope = {
  LOGICAL_UNIT: 0x0,
  ELEMENT: 0x2,
} as const;

/**
 * PERSISTENT RESERVE OUT (5Fh). SCOPE and TYPE are kept raw: whether a value is acceptable
 * depends on the service action (REGISTER ignores them), so that is the device's call.
 */
export interface PersistentReserveOutCdb {
  serviceAction: PersistentReserveOutAction;
  scope: number;
  type: number;
  parameterListLength: number;
  control: number;
}

export function buildPersistentReserveOutCdb(input: CdbInput<PersistentReserveOutCdb, 'scope' | 'type' | 'parameterListLength' | 'control'>): Buffer {
  return startCdb(Opcode.PERSISTENT_RESERVE_OUT, 10)
    .uint8(input.serviceAction)
    .uint8((fits(input.scope ?? 0, 4, 'scope') << 4) | fits(input.type ?? 0, 4, 'type'))
    .zeros(2)
    .uint32(input.parameterListLength ?? 24)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parsePersistentReserveOutCdb(cdb: Uint8Array): PersistentReserveOutCdb {
  const r = openCdb(cdb, Opcode.PERSISTENT_RESERVE_OUT, 10);
  const serviceAction = r.byteWithReserved(0xe0) & 0x1f;
  if (serviceAction > PersistentReserveOutAction.REGISTER_AND_MOVE) throw r.error(`service action ${hex(serviceAction)} is reserved`, 1, 4);
  const scopeType = r.uint8();
  r.reservedBytes(2);
  return {
    serviceAction: serviceAction as PersistentReserveOutAction,
    scope: scopeType >> 4,
    type: scopeType & 0x0f,
    parameterListLength: r.uint32(),
    control: r.uint8(),
  };
}
