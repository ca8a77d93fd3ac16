import type { BufferReader } from '../bufferReader.ts';
import { OBSOLETE_LUN_BITS, openCdb, startCdb } from './cdbCodec.ts';

/** The shape of TEST UNIT READY, REZERO UNIT and INITIALIZE ELEMENT STATUS: opcode, 4 reserved bytes, control. */
export interface NoParameterCdb {
  control: number;
}

export function buildNoParameterCdb(opcode: number, input: Partial<NoParameterCdb>): Buffer {
  return startCdb(opcode, 6).zeros(4).uint8(input.control ?? 0).toBuffer();
}

export function parseNoParameterCdb(cdb: Uint8Array, opcode: number): NoParameterCdb {
  const r: BufferReader = openCdb(cdb, opcode, 6);
  r.byteWithReserved(0xff & ~OBSOLETE_LUN_BITS);
  r.reservedBytes(3);
  return { control: r.uint8() };
}
