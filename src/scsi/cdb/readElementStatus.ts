import { Opcode } from '../opcodes.ts';
import type { ElementTypeCode } from '../elementTypeCode.ts';
import type { BufferReader } from '../bufferReader.ts';
import { OBSOLETE_LUN_BITS, bit, fits, isSet, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';

/** READ ELEMENT STATUS (B8h), smc.md §1.3. */
export interface ReadElementStatusCdb {
  /** VOLTAG: report volume tag (barcode) fields. */
  volumeTag: boolean;
  elementType: ElementTypeCode;
  startingElementAddress: number;
  numberOfElements: number;
  /** MIXED (SMC-3): mixed-media descriptors. */
  mixed: boolean;
  /** CURDATA: answer from cached state, no robot motion. */
  currentData: boolean;
  /** DVCID: report device identifiers. */
  deviceId: boolean;
  allocationLength: number;
  control: number;
}

type Optional = 'volumeTag' | 'mixed' | 'currentData' | 'deviceId' | 'control';

export function buildReadElementStatusCdb(input: CdbInput<ReadElementStatusCdb, Optional>): Buffer {
  return startCdb(Opcode.READ_ELEMENT_STATUS, 12)
    .uint8(bit(input.volumeTag, 4) | fits(input.elementType, 4, 'element type'))
    .uint16(input.startingElementAddress)
    .uint16(input.numberOfElements)
    .uint8(bit(input.mixed, 2) | bit(input.currentData, 1) | bit(input.deviceId, 0))
    .uint24(input.allocationLength)
    .uint8(0)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseReadElementStatusCdb(cdb: Uint8Array): ReadElementStatusCdb {
  const r = openCdb(cdb, Opcode.READ_ELEMENT_STATUS, 12);
  const b1 = r.uint8() & ~OBSOLETE_LUN_BITS;
  const elementType = elementTypeField(r, b1, 1);
  const startingElementAddress = r.uint16();
  const numberOfElements = r.uint16();
  const b6 = r.byteWithReserved(0xf8);
  const allocationLength = r.uint24();
  r.reservedBytes(1);
  return {
    volumeTag: isSet(b1, 4),
    elementType,
    startingElementAddress,
    numberOfElements,
    mixed: isSet(b6, 2),
    currentData: isSet(b6, 1),
    deviceId: isSet(b6, 0),
    allocationLength,
    control: r.uint8(),
  };
}

/** Bits 3–0 of `byte` as an element type code; 5–15 are reserved (field pointer at bit 3). */
export function elementTypeField(r: BufferReader, byte: number, at: number): ElementTypeCode {
  const code = byte & 0x0f;
  if (code > 4) throw r.error(`element type code ${code} is reserved`, at, 3);
  return code as ElementTypeCode;
}
