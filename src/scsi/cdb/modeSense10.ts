import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, fits, isSet, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';
import type { ModePageControl } from './pageControl.ts';

/** MODE SENSE(10) (5Ah). */
export interface ModeSense10Cdb {
  /** LLBAA: long LBA block descriptors allowed. */
  longLbaAccepted: boolean;
  disableBlockDescriptors: boolean;
  pageControl: ModePageControl;
  pageCode: number;
  subpageCode: number;
  allocationLength: number;
  control: number;
}

type Optional = 'longLbaAccepted' | 'disableBlockDescriptors' | 'pageControl' | 'subpageCode' | 'control';

export function buildModeSense10Cdb(input: CdbInput<ModeSense10Cdb, Optional>): Buffer {
  return startCdb(Opcode.MODE_SENSE_10, 10)
    .uint8(bit(input.longLbaAccepted, 4) | bit(input.disableBlockDescriptors, 3))
    .uint8((fits(input.pageControl ?? 0, 2, 'page control') << 6) | fits(input.pageCode, 6, 'page code'))
    .uint8(input.subpageCode ?? 0)
    .zeros(3)
    .uint16(input.allocationLength)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseModeSense10Cdb(cdb: Uint8Array): ModeSense10Cdb {
  const r = openCdb(cdb, Opcode.MODE_SENSE_10, 10);
  const b1 = r.byteWithReserved(0xe7 & ~OBSOLETE_LUN_BITS);
  const b2 = r.uint8();
  const subpageCode = r.uint8();
  r.reservedBytes(3);
  return {
    longLbaAccepted: isSet(b1, 4),
    disableBlockDescriptors: isSet(b1, 3),
    pageControl: (b2 >> 6) as ModePageControl,
    pageCode: b2 & 0x3f,
    subpageCode,
    allocationLength: r.uint16(),
    control: r.uint8(),
  };
}
