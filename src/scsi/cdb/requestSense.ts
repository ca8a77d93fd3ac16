import { Opcode } from '../opcodes.ts';
import { OBSOLETE_LUN_BITS, bit, isSet, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';

/** REQUEST SENSE (03h). */
export interface RequestSenseCdb {
  /** DESC: ask for descriptor-format sense. */
  descriptorFormat: boolean;
  allocationLength: number;
  control: number;
}

export function buildRequestSenseCdb(input: CdbInput<RequestSenseCdb, 'descriptorFormat' | 'control'>): Buffer {
  return startCdb(Opcode.REQUEST_SENSE, 6)
    .uint8(bit(input.descriptorFormat, 0))
    .zeros(2)
    .uint8(input.allocationLength)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseRequestSenseCdb(cdb: Uint8Array): RequestSenseCdb {
  const r = openCdb(cdb, Opcode.REQUEST_SENSE, 6);
  const b1 = r.byteWithReserved(0xfe & ~OBSOLETE_LUN_BITS);
  r.reservedBytes(2);
  return { descriptorFormat: isSet(b1, 0), allocationLength: r.uint8(), control: r.uint8() };
}
