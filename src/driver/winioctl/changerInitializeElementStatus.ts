import type { InitializeQuery } from '../requests.ts';
import { readChangerElementList, writeChangerElementList } from './changerElementList.ts';
import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { requireLength } from './winIoctlFormatError.ts';

/** CHANGER_INITIALIZE_ELEMENT_STATUS: 12-byte list, BOOLEAN BarCodeScan, 3 bytes padding (§3.9). */
export const CHANGER_INITIALIZE_ELEMENT_STATUS_LENGTH = 16;

const STRUCTURE = 'CHANGER_INITIALIZE_ELEMENT_STATUS';
const TAIL_PADDING = 3;

export function encodeChangerInitializeElementStatus(q: InitializeQuery): Uint8Array {
  const w = new LeWriter(STRUCTURE, CHANGER_INITIALIZE_ELEMENT_STATUS_LENGTH);
  writeChangerElementList(w, { element: q.element, numberOfElements: q.count }, 'ElementList');
  w.bool(q.barCodeScan).skip(TAIL_PADDING);
  return w.finish();
}

/** The count is kept even for AllElements, where Windows ignores it: the bytes say what was sent. */
export function decodeChangerInitializeElementStatus(bytes: Uint8Array): InitializeQuery {
  requireLength(STRUCTURE, bytes, CHANGER_INITIALIZE_ELEMENT_STATUS_LENGTH);
  const r = new LeReader(STRUCTURE, bytes);
  const list = readChangerElementList(r, 'ElementList');
  return { element: list.element, count: list.numberOfElements, barCodeScan: r.bool() };
}
