import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, fits, isSet, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';

/** PC field of LOG SENSE. */
export const LogPageControl = {
  THRESHOLD_VALUES: 0,
  CUMULATIVE_VALUES: 1,
  DEFAULT_THRESHOLD_VALUES: 2,
  DEFAULT_CUMULATIVE_VALUES: 3,
} as const;

/** LOG SENSE (4Dh). */
export interface LogSenseCdb {
  /** PPC: parameter pointer control (only changed parameters). */
  parameterPointerControl: boolean;
  /** SP: save parameters. */
  saveParameters: boolean;
  pageControl: number;
  pageCode: number;
  subpageCode: number;
  parameterPointer: number;
  allocationLength: number;
  control: number;
}

type Optional = 'parameterPointerControl' | 'saveParameters' | 'pageControl' | 'subpageCode' | 'parameterPointer' | 'control';

export function buildLogSenseCdb(input: CdbInput<LogSenseCdb, Optional>): Buffer {
  return startCdb(Opcode.LOG_SENSE, 10)
    .uint8(bit(input.parameterPointerControl, 1) | bit(input.saveParameters, 0))
    .uint8((fits(input.pageControl ?? LogPageControl.CUMULATIVE_VALUES, 2, 'page control') << 6) | fits(input.pageCode, 6, 'page code'))
    .uint8(input.subpageCode ?? 0)
    .uint8(0)
    .uint16(input.parameterPointer ?? 0)
    .uint16(input.allocationLength)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseLogSenseCdb(cdb: Uint8Array): LogSenseCdb {
  const r = openCdb(cdb, Opcode.LOG_SENSE, 10);
  const b1 = r.byteWithReserved(0xfc & ~OBSOLETE_LUN_BITS);
  const b2 = r.uint8();
  const subpageCode = r.uint8();
  r.reservedBytes(1);
  return {
    parameterPointerControl: isSet(b1, 1),
    saveParameters: isSet(b1, 0),
    pageControl: b2 >> 6,
    pageCode: b2 & 0x3f,
    subpageCode,
    parameterPointer: r.uint16(),
    allocationLength: r.uint16(),
    control: r.uint8(),
  };
}
