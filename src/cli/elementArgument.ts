import type { ChangerElement } from '../driver/changerElement.ts';
import { displayNumber, elementCount, type ChangerParameters } from '../driver/changerParameters.ts';
import { ElementType, elementTypeName } from '../driver/elementType.ts';
import { UsageError } from './usageError.ts';

/**
 * Elements on the command line use the changer's own display numbering (First*Number), the
 * numbers printed on the library and in `changer status`: `slot:1`, `s1`, `drive:0`, `d0`,
 * `ieport:25`, `mailslot:25`, `ie25`, `transport:0`, `t0`, `door`, `keypad`.
 */
const PREFIXES: [RegExp, ElementType][] = [
  [/^(?:slot|s)$/i, ElementType.Slot],
  [/^(?:drive|d)$/i, ElementType.Drive],
  [/^(?:ieport|mailslot|ie|m)$/i, ElementType.IEPort],
  [/^(?:transport|picker|robot|t)$/i, ElementType.Transport],
  [/^door$/i, ElementType.Door],
  [/^keypad$/i, ElementType.Keypad],
];

export function parseElementArgument(text: string, p: ChangerParameters): ChangerElement {
  const m = /^([a-z]+):?(\d+)?$/i.exec(text.trim());
  const hit = m ? PREFIXES.find(([re]) => re.test(m[1] ?? '')) : undefined;
  if (!m || !hit) throw new UsageError(`'${text}' is not an element; write e.g. slot:1, drive:0, ieport:25, transport:0 or door`);
  const type = hit[1];
  const number = m[2] === undefined ? undefined : Number(m[2]);
  if (number === undefined) {
    if (type === ElementType.Door || type === ElementType.Keypad || (type === ElementType.Transport && p.numberTransportElements === 1)) {
      return { type, index: 0 };
    }
    throw new UsageError(`'${text}' needs a number, e.g. ${elementTypeName(type)}:${displayNumber(p, type, 0)}`);
  }
  const index = number - displayNumber(p, type, 0);
  const count = elementCount(p, type);
  if (index < 0 || index >= count) {
    const range = count === 0 ? `this changer has no ${elementTypeName(type)}` : `${elementTypeName(type)} numbers are ${displayNumber(p, type, 0)}..${displayNumber(p, type, count - 1)}`;
    throw new UsageError(`${elementTypeName(type)} ${number} does not exist: ${range}`);
  }
  return { type, index };
}

export function formatElementDisplay(e: ChangerElement, p: ChangerParameters): string {
  return `${elementTypeName(e.type)}:${displayNumber(p, e.type, e.index)}`;
}
