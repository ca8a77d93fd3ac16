import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';

/**
 * The element list RESERVE(6) with Element = 1 sends (smc.md §1.2): 6-byte descriptors, 0–1
 * reserved, 2–3 number of elements (0 = to the last element), 4–5 element address.
 */
export interface ElementReservationDescriptor {
  numberOfElements: number;
  elementAddress: number;
}

const DESCRIPTOR_LENGTH = 6;
const STRUCTURE = 'RESERVE element list';

export function buildElementReservationList(descriptors: ElementReservationDescriptor[]): Buffer {
  const w = new BufferWriter(DESCRIPTOR_LENGTH * descriptors.length);
  for (const d of descriptors) w.zeros(2).uint16(d.numberOfElements).uint16(d.elementAddress);
  return w.toBuffer();
}

/** A list that is not whole descriptors is a length error; reserved bytes set are field errors. */
export function parseElementReservationList(bytes: Uint8Array): ElementReservationDescriptor[] {
  const r = new BufferReader(bytes, STRUCTURE, 'parameter-list');
  const descriptors: ElementReservationDescriptor[] = [];
  while (r.remaining > 0) {
    r.need(DESCRIPTOR_LENGTH);
    r.reservedBytes(2);
    descriptors.push({ numberOfElements: r.uint16(), elementAddress: r.uint16() });
  }
  return descriptors;
}
