import { Opcode } from '../opcodes.ts';
import { hex, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';

export const PersistentReserveInAction = {
  READ_KEYS: 0x00,
  READ_RESERVATION: 0x01,
  REPORT_CAPABILITIES: 0x02,
  READ_FULL_STATUS: 0x03,
} as const;

export type PersistentReserveInAction = (typeof PersistentReserveInAction)[keyof typeof PersistentReserveInAction];

/** PERSISTENT RESERVE IN (5Eh). */
export interface PersistentReserveInCdb {
  serviceAction: PersistentReserveInAction;
  allocationLength: number;
  control: number;
}

export function buildPersistentReserveInCdb(input: CdbInput<PersistentReserveInCdb, 'control'>): Buffer {
  return startCdb(Opcode.PERSISTENT_RESERVE_IN, 10)
    .uint8(input.serviceAction)
    .zeros(5)
    .uint16(input.allocationLength)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parsePersistentReserveInCdb(cdb: Uint8Array): PersistentReserveInCdb {
  const r = openCdb(cdb, Opcode.PERSISTENT_RESERVE_IN, 10);
  const serviceAction = r.byteWithReserved(0xe0) & 0x1f;
  if (serviceAction > PersistentReserveInAction.READ_FULL_STATUS) throw r.error(`service action ${hex(serviceAction)} is reserved`, 1, 4);
  r.reservedBytes(5);
  return { serviceAction: serviceAction as PersistentReserveInAction, allocationLength: r.uint16(), control: r.uint8() };
}
