import { Opcode } from '../opcodes.ts';
import { hex, openCdb, startCdb, type CdbInput } from '../cdb/cdbCodec.ts';
import { SpaceCode } from './space6.ts';

/**
 * SPACE(16) (91h, SSC-3): SPACE(6) with a 64-bit two's complement count (bytes 4–11) for tapes
 * of more objects than 24 bits count (PBS sends it for large counts). Bytes 12–13 PARAMETER
 * LENGTH must be 0 (no client sends a parameter list).
 */
export interface Space16Cdb {
  code: SpaceCode;
  count: number;
  control: number;
}

export function buildSpace16Cdb(input: CdbInput<Space16Cdb, 'count' | 'control'>): Buffer {
  const count = input.count ?? 0;
  if (!Number.isSafeInteger(count)) throw new RangeError(`SPACE(16) count is not a safe integer: ${count}`);
  return startCdb(Opcode.SPACE_16, 16)
    .uint8(input.code)
    .zeros(2)
    .uint64(BigInt.asUintN(64, BigInt(count)))
    .zeros(3)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseSpace16Cdb(cdb: Uint8Array): Space16Cdb {
  const r = openCdb(cdb, Opcode.SPACE_16, 16, 'SPACE(16)');
  const code = r.byteWithReserved(0xf0) & 0x0f;
  if (code > SpaceCode.END_OF_DATA) throw r.error(`space code ${hex(code)} is obsolete or reserved`, 1, 3);
  r.reservedBytes(2);
  const count = BigInt.asIntN(64, r.uint64());
  if (count > BigInt(Number.MAX_SAFE_INTEGER) || count < BigInt(Number.MIN_SAFE_INTEGER)) throw r.error('count is beyond any tape', 4);
  if (r.uint16() !== 0) throw r.error('parameter length must be 0', 12);
  r.reservedBytes(1);
  return { code: code as SpaceCode, count: Number(count), control: r.uint8() };
}
