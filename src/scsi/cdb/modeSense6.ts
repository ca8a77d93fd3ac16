import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, fits, isSet, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';
import type { ModePageControl } from './pageControl.ts';

/** MODE SENSE(6) (1Ah). Linux `ch` sends `1A 00 1D 00 FF 00`, mtx `1A 08 1D 00 88 00` (smc.md §1.2). */
export interface ModeSense6Cdb {
  /** DBD: no block descriptors. */
  disableBlockDescriptors: boolean;
  pageControl: ModePageControl;
  pageCode: number;
  subpageCode: number;
  allocationLength: number;
  control: number;
}

type Optional = 'disableBlockDescriptors' | 'pageControl' | 'subpageCode' | 'control';

export function buildModeSense6Cdb(input: CdbInput<ModeSense6Cdb, Optional>): Buffer {
  return startCdb(Opcode.MODE_SENSE_6, 6)
    .uint8(bit(input.disableBlockDescriptors, 3))
    .uint8((fits(input.pageControl ?? 0, 2, 'page control') << 6) | fits(input.pageCode, 6, 'page code'))
    .uint8(input.subpageCode ?? 0)
    .uint8(input.allocationLength)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseModeSense6Cdb(cdb: Uint8Array): ModeSense6Cdb {
  const r = openCdb(cdb, Opcode.MODE_SENSE_6, 6);
  const b1 = r.byteWithReserved(0xf7 & ~OBSOLETE_LUN_BITS);
  const b2 = r.uint8();
  return {
    disableBlockDescriptors: isSet(b1, 3),
    pageControl: (b2 >> 6) as ModePageControl,
    pageCode: b2 & 0x3f,
    subpageCode: r.uint8(),
    allocationLength: r.uint8(),
    control: r.uint8(),
  };
}
