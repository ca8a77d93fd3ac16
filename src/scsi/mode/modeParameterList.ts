import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';
import { ScsiFormatError } from '../scsiFormatError.ts';
import {
  LONG_BLOCK_DESCRIPTOR_LENGTH,
  SHORT_BLOCK_DESCRIPTOR_LENGTH,
  readBlockDescriptor,
  writeBlockDescriptor,
  type BlockDescriptor,
} from './blockDescriptor.ts';
import { encodeModePage, readModePage, type ModePage } from './modePage.ts';

/**
 * Mode parameter data: header, block descriptors, pages — what MODE SENSE returns and MODE
 * SELECT sends. Header (6): 0 mode data length (n−1), 1 medium type, 2 device-specific
 * parameter, 3 block descriptor length. Header (10): 0–1 mode data length (n−2), 2 medium type,
 * 3 device-specific, 4 bit 0 LONGLBA, 5 reserved, 6–7 block descriptor length.
 */
export interface ModeParameterList {
  mediumType: number;
  deviceSpecificParameter: number;
  /** LONGLBA (10-byte header only): 16-byte block descriptors. */
  longLba: boolean;
  /** Empty when the CDB had DBD = 1. */
  blockDescriptors: BlockDescriptor[];
  pages: ModePage[];
}

export interface ModeListFormat {
  /** Which CDB the list belongs to: MODE SENSE/SELECT (6) or (10). */
  cdbLength: 6 | 10;
  /**
   * 'sense': a device's answer (mode data length filled, PS reported, truncation tolerated);
   * 'select': an initiator's parameter list (mode data length zero, PS reserved, every byte must parse).
   */
  purpose: 'sense' | 'select';
}

export interface ParsedModeParameterList extends ModeParameterList {
  /** The header's MODE DATA LENGTH as received (PBS insists on 23 for 1Dh with DBD). */
  modeDataLength: number;
  /** Some pages did not fit in the bytes received. */
  truncated: boolean;
}

export function buildModeParameterList(list: ModeParameterList, format: ModeListFormat): Buffer {
  if (format.cdbLength === 6 && list.longLba) throw new RangeError('LONGLBA needs the 10-byte header');
  const descriptorLength = list.longLba ? LONG_BLOCK_DESCRIPTOR_LENGTH : SHORT_BLOCK_DESCRIPTOR_LENGTH;
  const w = new BufferWriter();
  if (format.cdbLength === 6) {
    w.uint8(0).uint8(list.mediumType).uint8(list.deviceSpecificParameter).uint8(descriptorLength * list.blockDescriptors.length);
  } else {
    w.uint16(0).uint8(list.mediumType).uint8(list.deviceSpecificParameter).uint8(list.longLba ? 1 : 0).uint8(0);
    w.uint16(descriptorLength * list.blockDescriptors.length);
  }
  for (const d of list.blockDescriptors) writeBlockDescriptor(w, d, list.longLba);
  for (const page of list.pages) w.bytes(encodeModePage(page));
  // MODE SELECT: the length field is reserved (zero).
  if (format.purpose === 'sense') w.patch(0, format.cdbLength === 6 ? 1 : 2, w.offset - (format.cdbLength === 6 ? 1 : 2));
  return w.toBuffer();
}

/**
 * For 'sense', data past MODE DATA LENGTH is ignored and a page cut by the allocation length
 * ends the list (truncated = true). For 'select' the whole buffer is the list: a page that runs
 * past it, a PS bit, or block descriptor bytes that are not whole descriptors are
 * parameter-list errors with a field pointer. The mode data length of a select list is not
 * checked: SPC reserves it, and older initiators send back the length they sensed.
 */
export function parseModeParameterList(bytes: Uint8Array, format: ModeListFormat): ParsedModeParameterList {
  const select = format.purpose === 'select';
  const structure = `MODE ${select ? 'SELECT' : 'SENSE'}(${format.cdbLength}) parameter list`;
  const headerLength = format.cdbLength === 6 ? 4 : 8;
  const r = new BufferReader(bytes, structure, select ? 'parameter-list' : 'data');
  if (bytes.length < headerLength) {
    throw new ScsiFormatError(structure, `${bytes.length} byte(s) is shorter than the ${headerLength}-byte header`, r.location, undefined, true);
  }
  const modeDataLength = format.cdbLength === 6 ? r.uint8() : r.uint16();
  const mediumType = r.uint8();
  const deviceSpecificParameter = r.uint8();
  let longLba = false;
  if (format.cdbLength === 10) {
    longLba = (r.byteWithReserved(select ? 0xfe : 0) & 0x01) !== 0;
    r.skip(1);
  }
  const blockDescriptorLengthAt = r.offset;
  const blockDescriptorLength = format.cdbLength === 6 ? r.uint8() : r.uint16();
  const declaredEnd = select ? bytes.length : Math.min(bytes.length, modeDataLength + (format.cdbLength === 6 ? 1 : 2));
  const body = r.sub(Math.max(declaredEnd - r.offset, 0));
  let truncated = !select && bytes.length < modeDataLength + (format.cdbLength === 6 ? 1 : 2);

  const descriptorSize = longLba ? LONG_BLOCK_DESCRIPTOR_LENGTH : SHORT_BLOCK_DESCRIPTOR_LENGTH;
  if (blockDescriptorLength % descriptorSize !== 0) {
    throw r.error(`block descriptor length ${blockDescriptorLength} is not a multiple of ${descriptorSize}`, blockDescriptorLengthAt);
  }
  if (select && blockDescriptorLength > body.remaining) {
    throw r.error(`block descriptor length ${blockDescriptorLength} runs past the ${bytes.length}-byte list`, blockDescriptorLengthAt);
  }
  const blockDescriptors: BlockDescriptor[] = [];
  const descriptorBytes = Math.min(blockDescriptorLength, body.remaining);
  for (let i = 0; i + descriptorSize <= descriptorBytes; i += descriptorSize) blockDescriptors.push(readBlockDescriptor(body, longLba));
  if (descriptorBytes < blockDescriptorLength) {
    body.offset += descriptorBytes % descriptorSize;
    truncated = true;
  }

  const pages: ModePage[] = [];
  while (body.remaining > 0 && descriptorBytes === blockDescriptorLength) {
    const start = body.offset;
    if (select && (body.buffer[start]! & 0x80) !== 0) throw body.error('PS bit is reserved in MODE SELECT', start, 7);
    if (body.remaining < 2) {
      if (select) throw body.error('page header cut short', start);
      truncated = true;
      break;
    }
    const { page } = readModePage(body);
    if (page === undefined) {
      if (select) throw body.error('page length runs past the end of the list', start + 1);
      truncated = true;
      break;
    }
    pages.push(page);
  }
  return { mediumType, deviceSpecificParameter, longLba, blockDescriptors, pages, modeDataLength, truncated };
}
