import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, isSet, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';

/**
 * EXCHANGE MEDIUM (A6h), smc.md §1.5. Invert bits as SCSI-2 Table 328 and Linux `ch`: INV1 is
 * byte 10 bit 0, INV2 bit 1 (python-scsi swaps them; mtx puts invert2 in byte 1, which this
 * parser rejects as a reserved bit).
 */
export interface ExchangeMediumCdb {
  transportElementAddress: number;
  sourceAddress: number;
  firstDestinationAddress: number;
  /** Equal to sourceAddress for a plain swap. */
  secondDestinationAddress: number;
  invert1: boolean;
  invert2: boolean;
  control: number;
}

export function buildExchangeMediumCdb(input: CdbInput<ExchangeMediumCdb, 'invert1' | 'invert2' | 'control'>): Buffer {
  return startCdb(Opcode.EXCHANGE_MEDIUM, 12)
    .uint8(0)
    .uint16(input.transportElementAddress)
    .uint16(input.sourceAddress)
    .uint16(input.firstDestinationAddress)
    .uint16(input.secondDestinationAddress)
    .uint8(bit(input.invert2, 1) | bit(input.invert1, 0))
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseExchangeMediumCdb(cdb: Uint8Array): ExchangeMediumCdb {
  const r = openCdb(cdb, Opcode.EXCHANGE_MEDIUM, 12);
  r.byteWithReserved(0xff & ~OBSOLETE_LUN_BITS);
  const transportElementAddress = r.uint16();
  const sourceAddress = r.uint16();
  const firstDestinationAddress = r.uint16();
  const secondDestinationAddress = r.uint16();
  const b10 = r.byteWithReserved(0xfc);
  return {
    transportElementAddress,
    sourceAddress,
    firstDestinationAddress,
    secondDestinationAddress,
    invert1: isSet(b10, 0),
    invert2: isSet(b10, 1),
    control: r.uint8(),
  };
}
