/**
 * READ ELEMENT STATUS (B8h), smc.md §1.3/§2: elements of one type (or all) from a starting
 * address, at most NUMBER OF ELEMENTS of them, with volume tags and drive identifiers on request.
 * A short allocation length gets whole descriptors only while the header still reports the full
 * byte count, so a client probing with 8 bytes learns how much to ask for.
 */
import { ElementTypeCode, Opcode, buildElementStatusData, buildPreparedElementStatusData, parseReadElementStatusCdb } from '../../scsi/index.ts';
import { CheckCondition, type CommandSpec } from '../command.ts';
import type { ElementInfo } from '../elementMap.ts';
import { KIND_OF_TYPE, elementStatusPages } from '../elementDescriptors.ts';
import type { Library } from '../library.ts';
import { preparedElementStatusPages } from '../preparedDescriptors.ts';
import { invalidField } from '../senseForCondition.ts';
import { SENSE, senseFor } from '../../scsi/index.ts';

/**
 * Elements of `type` from `start` on. A start past the last element is 21/01 (mtx `altres` reads
 * that as the end of the list); a type the library lacks yields an empty report.
 */
export function selectElements(library: Library, type: number, start: number, count: number, startField: number): ElementInfo[] {
  const ofType = type === ElementTypeCode.ALL ? library.map.all : library.map.ofKind(KIND_OF_TYPE[type as keyof typeof KIND_OF_TYPE]);
  if (ofType.length === 0) return [];
  const from = firstAtOrAfter(ofType, start);
  if (from === ofType.length) {
    throw new CheckCondition(senseFor(SENSE.INVALID_ELEMENT_ADDRESS, { senseKeySpecific: { kind: 'field-pointer', commandData: true, fieldPointer: startField } }));
  }
  return ofType.slice(from, from + count);
}

/** Index of the first element at or after `address` in a list in ascending address order (a binary search: 10,000 slots). */
function firstAtOrAfter(elements: readonly ElementInfo[], address: number): number {
  let low = 0;
  let high = elements.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((elements[middle] as ElementInfo).address < address) low = middle + 1;
    else high = middle;
  }
  return low;
}

export const readElementStatus: CommandSpec = {
  opcode: Opcode.READ_ELEMENT_STATUS,
  name: 'READ ELEMENT STATUS',
  cdbLength: 12,
  parse: parseReadElementStatusCdb,
  access: 'read',
  needsReady: true,
  run({ cdb, library, dataInBuffer }) {
    const c = parseReadElementStatusCdb(cdb);
    if (c.volumeTag && !library.profile.features.barcodeReader) throw new CheckCondition(invalidField(true, 1, 4));
    if (c.mixed) throw new CheckCondition(invalidField(true, 6, 2));
    const elements = selectElements(library, c.elementType, c.startingElementAddress, c.numberOfElements, 2);
    // Built in the transport's buffer when it lends one: an inventory is chunk after chunk of up to 64 KiB.
    if (!c.deviceId) {
      // Descriptors kept encoded since they last changed: an inventory pass re-reads 10,000 unchanged ones.
      return buildPreparedElementStatusData(preparedElementStatusPages(library, elements, c.volumeTag), { allocationLength: c.allocationLength, allocate: dataInBuffer });
    }
    const pages = elementStatusPages(library, elements, { volumeTags: c.volumeTag, deviceIds: c.deviceId });
    return buildElementStatusData(pages, { allocationLength: c.allocationLength, allocate: dataInBuffer });
  },
};
