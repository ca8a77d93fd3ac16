import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, isSet, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';

/** POSITION TO ELEMENT (2Bh), smc.md §1.6. */
export interface PositionToElementCdb {
  transportElementAddress: number;
  destinationAddress: number;
  invert: boolean;
  control: number;
}

export function buildPositionToElementCdb(input: CdbInput<PositionToElementCdb, 'invert' | 'control'>): Buffer {
  return startCdb(Opcode.POSITION_TO_ELEMENT, 10)
    .uint8(0)
    .uint16(input.transportElementAddress)
    .uint16(input.destinationAddress)
    .zeros(2)
    .uint8(bit(input.invert, 0))
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parsePositionToElementCdb(cdb: Uint8Array): PositionToElementCdb {
  const r = openCdb(cdb, Opcode.POSITION_TO_ELEMENT, 10);
  r.byteWithReserved(0xff & ~OBSOLETE_LUN_BITS);
  const transportElementAddress = r.uint16();
  const destinationAddress = r.uint16();
  r.reservedBytes(2);
  const invert = isSet(r.byteWithReserved(0xfe), 0);
  return { transportElementAddress, destinationAddress, invert, control: r.uint8() };
}
