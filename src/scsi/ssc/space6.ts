import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, hex, openCdb, startCdb, type CdbInput } from '../cdb/cdbCodec.ts';

/** CODE of SPACE(6): what is counted. Setmark codes (4, 5) are obsolete in SSC-3 and refused with the reserved ones. */
export const SpaceCode = {
  BLOCKS: 0x0,
  FILEMARKS: 0x1,
  SEQUENTIAL_FILEMARKS: 0x2,
  END_OF_DATA: 0x3,
} as const;

export type SpaceCode = (typeof SpaceCode)[keyof typeof SpaceCode];

/** SPACE(6) (11h, SSC-3). COUNT is a 24-bit two's complement number: negative spaces toward the beginning. */
export interface Space6Cdb {
  code: SpaceCode;
  count: number;
  control: number;
}

const COUNT_SIGN = 0x800000;
const COUNT_RANGE = 0x1000000;

export function buildSpace6Cdb(input: CdbInput<Space6Cdb, 'count' | 'control'>): Buffer {
  const count = input.count ?? 0;
  if (!Number.isInteger(count) || count < -COUNT_SIGN || count >= COUNT_SIGN) throw new RangeError(`SPACE count does not fit in 24 signed bits: ${count}`);
  return startCdb(Opcode.SPACE_6, 6)
    .uint8(input.code)
    .uint24(count < 0 ? count + COUNT_RANGE : count)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseSpace6Cdb(cdb: Uint8Array): Space6Cdb {
  const r = openCdb(cdb, Opcode.SPACE_6, 6, 'SPACE(6)');
  const code = r.byteWithReserved(0xf0 & ~OBSOLETE_LUN_BITS) & 0x0f;
  if (code > SpaceCode.END_OF_DATA) throw r.error(`space code ${hex(code)} is obsolete or reserved`, 1, 3);
  const raw = r.uint24();
  return { code: code as SpaceCode, count: raw >= COUNT_SIGN ? raw - COUNT_RANGE : raw, control: r.uint8() };
}
