import type { MoveRequest } from '../requests.ts';
import { readChangerElement, writeChangerElement } from './changerElement.ts';
import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { requireLength } from './winIoctlFormatError.ts';

/** CHANGER_MOVE_MEDIUM: Transport, Source, Destination, BOOLEAN Flip, 3 bytes padding (§3.12). */
export const CHANGER_MOVE_MEDIUM_LENGTH = 28;

const STRUCTURE = 'CHANGER_MOVE_MEDIUM';
const TAIL_PADDING = 3;

export function encodeChangerMoveMedium(q: MoveRequest): Uint8Array {
  const w = new LeWriter(STRUCTURE, CHANGER_MOVE_MEDIUM_LENGTH);
  writeChangerElement(w, q.transport, 'Transport');
  writeChangerElement(w, q.source, 'Source');
  writeChangerElement(w, q.destination, 'Destination');
  w.bool(q.flip).skip(TAIL_PADDING);
  return w.finish();
}

export function decodeChangerMoveMedium(bytes: Uint8Array): MoveRequest {
  requireLength(STRUCTURE, bytes, CHANGER_MOVE_MEDIUM_LENGTH);
  const r = new LeReader(STRUCTURE, bytes);
  return {
    transport: readChangerElement(r, 'Transport'),
    source: readChangerElement(r, 'Source'),
    destination: readChangerElement(r, 'Destination'),
    flip: r.bool(),
  };
}
