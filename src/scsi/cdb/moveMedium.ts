import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, isSet, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';

/** MOVE MEDIUM (A5h), smc.md §1.4. Transport address 0 means "the default transport" on many libraries. */
export interface MoveMediumCdb {
  transportElementAddress: number;
  sourceAddress: number;
  destinationAddress: number;
  /** INVERT: rotate double-sided media on the way. */
  invert: boolean;
  /** Verbatim; mtx `eepos` uses bits 7–6 to extend/retract a mailslot tray. */
  control: number;
}

export function buildMoveMediumCdb(input: CdbInput<MoveMediumCdb, 'invert' | 'control'>): Buffer {
  return startCdb(Opcode.MOVE_MEDIUM, 12)
    .uint8(0)
    .uint16(input.transportElementAddress)
    .uint16(input.sourceAddress)
    .uint16(input.destinationAddress)
    .zeros(2)
    .uint8(bit(input.invert, 0))
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseMoveMediumCdb(cdb: Uint8Array): MoveMediumCdb {
  const r = openCdb(cdb, Opcode.MOVE_MEDIUM, 12);
  r.byteWithReserved(0xff & ~OBSOLETE_LUN_BITS);
  const transportElementAddress = r.uint16();
  const sourceAddress = r.uint16();
  const destinationAddress = r.uint16();
  r.reservedBytes(2);
  const invert = isSet(r.byteWithReserved(0xfe), 0);
  return { transportElementAddress, sourceAddress, destinationAddress, invert, control: r.uint8() };
}
