import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, isSet, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';
import { hex } from './cdbCodec.ts';

/**
 * INITIALIZE ELEMENT STATUS WITH RANGE: the SMC opcode 37h and the vendor opcode E7h (Quantum
 * DX, Oracle SL150) share one layout. Quantum's NBL ("no bar code labels") bit lives in byte 9,
 * where 37h has its control byte; no source we have says which bit, so byte 9 is kept verbatim in
 * `control` for both forms.
 */
export interface InitializeElementStatusWithRangeCdb {
  /** true: opcode E7h; false: 37h. */
  vendorOpcode: boolean;
  /** FAST: check presence only, no barcode scan. */
  fast: boolean;
  /** RANGE: 0 = all elements, 1 = only the given range. */
  range: boolean;
  startingElementAddress: number;
  /** 0 = to the last element. */
  numberOfElements: number;
  control: number;
}

type Optional = 'vendorOpcode' | 'fast' | 'range' | 'startingElementAddress' | 'numberOfElements' | 'control';

export function buildInitializeElementStatusWithRangeCdb(input: CdbInput<InitializeElementStatusWithRangeCdb, Optional> = {}): Buffer {
  const opcode = input.vendorOpcode === true ? Opcode.INITIALIZE_ELEMENT_STATUS_WITH_RANGE_VENDOR : Opcode.INITIALIZE_ELEMENT_STATUS_WITH_RANGE;
  return startCdb(opcode, 10)
    .uint8(bit(input.fast, 1) | bit(input.range, 0))
    .uint16(input.startingElementAddress ?? 0)
    .zeros(2)
    .uint16(input.numberOfElements ?? 0)
    .uint8(0)
    .uint8(input.control ?? 0)
    .toBuffer();
}

/** Accepts either opcode. */
export function parseInitializeElementStatusWithRangeCdb(cdb: Uint8Array): InitializeElementStatusWithRangeCdb {
  const vendorOpcode = cdb[0] === Opcode.INITIALIZE_ELEMENT_STATUS_WITH_RANGE_VENDOR;
  const opcode = vendorOpcode ? Opcode.INITIALIZE_ELEMENT_STATUS_WITH_RANGE_VENDOR : Opcode.INITIALIZE_ELEMENT_STATUS_WITH_RANGE;
  const r = openCdb(cdb, opcode, 10, `INITIALIZE ELEMENT STATUS WITH RANGE (${hex(opcode)})`);
  const b1 = r.byteWithReserved(0xfc & ~OBSOLETE_LUN_BITS);
  const startingElementAddress = r.uint16();
  r.reservedBytes(2);
  const numberOfElements = r.uint16();
  r.reservedBytes(1);
  return { vendorOpcode, fast: isSet(b1, 1), range: isSet(b1, 0), startingElementAddress, numberOfElements, control: r.uint8() };
}
