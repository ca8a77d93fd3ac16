import { Opcode } from '../opcodes.ts';
import { buildReserveRelease10Cdb, parseReserveRelease10Cdb, type ReserveRelease10Cdb, type ReserveRelease10Input } from './reserveRelease10.ts';

/** RESERVE(10) (56h). */
export type Reserve10Cdb = ReserveRelease10Cdb;

export function buildReserve10Cdb(input: ReserveRelease10Input = {}): Buffer {
  return buildReserveRelease10Cdb(Opcode.RESERVE_10, input);
}

export function parseReserve10Cdb(cdb: Uint8Array): Reserve10Cdb {
  return parseReserveRelease10Cdb(cdb, Opcode.RESERVE_10);
}
