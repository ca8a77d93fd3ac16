import type { ExchangeRequest } from '../requests.ts';
import { readChangerElement, writeChangerElement } from './changerElement.ts';
import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { requireLength } from './winIoctlFormatError.ts';

/** CHANGER_EXCHANGE_MEDIUM: four elements, BOOLEAN Flip1 and Flip2, 2 bytes padding (§3.11). */
export const CHANGER_EXCHANGE_MEDIUM_LENGTH = 36;

const STRUCTURE = 'CHANGER_EXCHANGE_MEDIUM';
const TAIL_PADDING = 2;

export function encodeChangerExchangeMedium(q: ExchangeRequest): Uint8Array {
  const w = new LeWriter(STRUCTURE, CHANGER_EXCHANGE_MEDIUM_LENGTH);
  writeChangerElement(w, q.transport, 'Transport');
  writeChangerElement(w, q.source, 'Source');
  writeChangerElement(w, q.destination1, 'Destination1');
  writeChangerElement(w, q.destination2, 'Destination2');
  w.bool(q.flip1).bool(q.flip2).skip(TAIL_PADDING);
  return w.finish();
}

export function decodeChangerExchangeMedium(bytes: Uint8Array): ExchangeRequest {
  requireLength(STRUCTURE, bytes, CHANGER_EXCHANGE_MEDIUM_LENGTH);
  const r = new LeReader(STRUCTURE, bytes);
  return {
    transport: readChangerElement(r, 'Transport'),
    source: readChangerElement(r, 'Source'),
    destination1: readChangerElement(r, 'Destination1'),
    destination2: readChangerElement(r, 'Destination2'),
    flip1: r.bool(),
    flip2: r.bool(),
  };
}
