import { Opcode } from '../opcodes.ts';
import type { ElementTypeCode } from '../elementTypeCode.ts';
import { OBSOLETE_LUN_BITS, bit, fits, isSet, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';
import { elementTypeField } from './readElementStatus.ts';

/** REQUEST VOLUME ELEMENT ADDRESS (B5h): the results of the last SEND VOLUME TAG translate. */
export interface RequestVolumeElementAddressCdb {
  volumeTag: boolean;
  elementType: ElementTypeCode;
  elementAddress: number;
  numberOfElements: number;
  allocationLength: number;
  control: number;
}

export function buildRequestVolumeElementAddressCdb(input: CdbInput<RequestVolumeElementAddressCdb, 'volumeTag' | 'control'>): Buffer {
  return startCdb(Opcode.REQUEST_VOLUME_ELEMENT_ADDRESS, 12)
    .uint8(bit(input.volumeTag, 4) | fits(input.elementType, 4, 'element type'))
    .uint16(input.elementAddress)
    .uint16(input.numberOfElements)
    .uint8(0)
    .uint24(input.allocationLength)
    .uint8(0)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseRequestVolumeElementAddressCdb(cdb: Uint8Array): RequestVolumeElementAddressCdb {
  const r = openCdb(cdb, Opcode.REQUEST_VOLUME_ELEMENT_ADDRESS, 12);
  const b1 = r.uint8() & ~OBSOLETE_LUN_BITS;
  const elementType = elementTypeField(r, b1, 1);
  const elementAddress = r.uint16();
  const numberOfElements = r.uint16();
  r.reservedBytes(1);
  const allocationLength = r.uint24();
  r.reservedBytes(1);
  return { volumeTag: isSet(b1, 4), elementType, elementAddress, numberOfElements, allocationLength, control: r.uint8() };
}
