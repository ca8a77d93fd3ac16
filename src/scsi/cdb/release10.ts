import { Opcode } from '../opcodes.ts';
import { buildReserveRelease10Cdb, parseReserveRelease10Cdb, type ReserveRelease10Cdb, type ReserveRelease10Input } from './reserveRelease10.ts';

/** RELEASE(10) (57h). */
export type Release10Cdb = ReserveRelease10Cdb;

export function buildRelease10Cdb(input: ReserveRelease10Input = {}): Buffer {
  return buildReserveRelease10Cdb(Opcode.RELEASE_10, input);
}

export function parseRelease10Cdb(cdb: Uint8Array): Release10Cdb {
  return parseReserveRelease10Cdb(cdb, Opcode.RELEASE_10);
}
