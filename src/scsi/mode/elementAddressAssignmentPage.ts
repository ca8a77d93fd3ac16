import type { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';

/** First address and count of one element type. */
export interface ElementRange {
  firstAddress: number;
  count: number;
}

/**
 * Element Address Assignment page 1Dh (smc.md §3.1): 20 bytes, page length 12h. The counts must
 * equal what READ ELEMENT STATUS reports (PBS checks); "some HP autochangers" report 0 transports.
 */
export interface ElementAddressAssignmentPage {
  kind: 'element-address-assignment';
  parametersSaveable: boolean;
  transport: ElementRange;
  storage: ElementRange;
  importExport: ElementRange;
  dataTransfer: ElementRange;
}

export const ELEMENT_ADDRESS_ASSIGNMENT_PAGE_CODE = 0x1d;
const PAGE_LENGTH = 0x12;
/** Bytes 2–17 carry every field; Linux `ch` reads no further, so a page that stops there is accepted. */
const MINIMUM_PAGE_LENGTH = 0x10;

export function encodeElementAddressAssignmentPage(page: ElementAddressAssignmentPage): Buffer {
  const w = new BufferWriter(PAGE_LENGTH + 2);
  w.uint8((page.parametersSaveable ? 0x80 : 0) | ELEMENT_ADDRESS_ASSIGNMENT_PAGE_CODE).uint8(PAGE_LENGTH);
  for (const range of [page.transport, page.storage, page.importExport, page.dataTransfer]) w.uint16(range.firstAddress).uint16(range.count);
  return w.zeros(2).toBuffer();
}

/** `r` is bounded to the page's parameter bytes (after the 2-byte page header). */
export function decodeElementAddressAssignmentPage(r: BufferReader, parametersSaveable: boolean): ElementAddressAssignmentPage {
  if (r.remaining < MINIMUM_PAGE_LENGTH) throw r.error(`page length ${r.remaining} is shorter than ${MINIMUM_PAGE_LENGTH}h`, r.offset - 1);
  const range = (): ElementRange => ({ firstAddress: r.uint16(), count: r.uint16() });
  return {
    kind: 'element-address-assignment',
    parametersSaveable,
    transport: range(),
    storage: range(),
    importExport: range(),
    dataTransfer: range(),
  };
}
