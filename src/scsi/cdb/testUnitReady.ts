import { Opcode } from '../opcodes.ts';
import { buildNoParameterCdb, parseNoParameterCdb, type NoParameterCdb } from './noParameterCdb.ts';

/** TEST UNIT READY (00h): all-zero 6-byte CDB. */
export type TestUnitReadyCdb = NoParameterCdb;

export function buildTestUnitReadyCdb(input: Partial<TestUnitReadyCdb> = {}): Buffer {
  return buildNoParameterCdb(Opcode.TEST_UNIT_READY, input);
}

export function parseTestUnitReadyCdb(cdb: Uint8Array): TestUnitReadyCdb {
  return parseNoParameterCdb(cdb, Opcode.TEST_UNIT_READY);
}
