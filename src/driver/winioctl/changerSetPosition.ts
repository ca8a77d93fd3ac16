import type { PositionRequest } from '../requests.ts';
import { readChangerElement, writeChangerElement } from './changerElement.ts';
import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { requireLength } from './winIoctlFormatError.ts';

/** CHANGER_SET_POSITION: Transport, Destination, BOOLEAN Flip, 3 bytes padding (§3.10). */
export const CHANGER_SET_POSITION_LENGTH = 20;

const STRUCTURE = 'CHANGER_SET_POSITION';
const TAIL_PADDING = 3;

export function encodeChangerSetPosition(q: PositionRequest): Uint8Array {
  const w = new LeWriter(STRUCTURE, CHANGER_SET_POSITION_LENGTH);
  writeChangerElement(w, q.transport, 'Transport');
  writeChangerElement(w, q.destination, 'Destination');
  w.bool(q.flip).skip(TAIL_PADDING);
  return w.finish();
}

export function decodeChangerSetPosition(bytes: Uint8Array): PositionRequest {
  requireLength(STRUCTURE, bytes, CHANGER_SET_POSITION_LENGTH);
  const r = new LeReader(STRUCTURE, bytes);
  return {
    transport: readChangerElement(r, 'Transport'),
    destination: readChangerElement(r, 'Destination'),
    flip: r.bool(),
  };
}
