import { Opcode } from '../opcodes.ts';
import { buildNoParameterCdb, parseNoParameterCdb, type NoParameterCdb } from './noParameterCdb.ts';

/** INITIALIZE ELEMENT STATUS (07h): full inventory, no range (smc.md §1.7). */
export type InitializeElementStatusCdb = NoParameterCdb;

export function buildInitializeElementStatusCdb(input: Partial<InitializeElementStatusCdb> = {}): Buffer {
  return buildNoParameterCdb(Opcode.INITIALIZE_ELEMENT_STATUS, input);
}

export function parseInitializeElementStatusCdb(cdb: Uint8Array): InitializeElementStatusCdb {
  return parseNoParameterCdb(cdb, Opcode.INITIALIZE_ELEMENT_STATUS);
}
