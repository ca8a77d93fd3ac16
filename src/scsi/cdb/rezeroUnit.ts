import { Opcode } from '../opcodes.ts';
import { buildNoParameterCdb, parseNoParameterCdb, type NoParameterCdb } from './noParameterCdb.ts';

/** REZERO UNIT (01h): legacy "return the robot home"; mhVTL still answers it. */
export type RezeroUnitCdb = NoParameterCdb;

export function buildRezeroUnitCdb(input: Partial<RezeroUnitCdb> = {}): Buffer {
  return buildNoParameterCdb(Opcode.REZERO_UNIT, input);
}

export function parseRezeroUnitCdb(cdb: Uint8Array): RezeroUnitCdb {
  return parseNoParameterCdb(cdb, Opcode.REZERO_UNIT);
}
