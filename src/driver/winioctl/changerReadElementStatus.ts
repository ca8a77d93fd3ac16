import type { ElementStatusQuery } from '../requests.ts';
import { readChangerElementList, writeChangerElementList } from './changerElementList.ts';
import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { requireLength } from './winIoctlFormatError.ts';

/** CHANGER_READ_ELEMENT_STATUS: 12-byte list, BOOLEAN VolumeTagInfo, 3 bytes tail padding (§3.7). */
export const CHANGER_READ_ELEMENT_STATUS_LENGTH = 16;

const STRUCTURE = 'CHANGER_READ_ELEMENT_STATUS';
const TAIL_PADDING = 3;

export function encodeChangerReadElementStatus(q: ElementStatusQuery): Uint8Array {
  const w = new LeWriter(STRUCTURE, CHANGER_READ_ELEMENT_STATUS_LENGTH);
  writeChangerElementList(w, { element: q.element, numberOfElements: q.count }, 'ElementList');
  w.bool(q.volumeTagInfo).skip(TAIL_PADDING);
  return w.finish();
}

export function decodeChangerReadElementStatus(bytes: Uint8Array): ElementStatusQuery {
  requireLength(STRUCTURE, bytes, CHANGER_READ_ELEMENT_STATUS_LENGTH);
  const r = new LeReader(STRUCTURE, bytes);
  const list = readChangerElementList(r, 'ElementList');
  return { element: list.element, count: list.numberOfElements, volumeTagInfo: r.bool() };
}
