import type { ChangerElement } from '../changerElement.ts';
import { AccessControl } from '../requests.ts';
import { readChangerElement, writeChangerElement } from './changerElement.ts';
import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { requireLength } from './winIoctlFormatError.ts';

/**
 * CHANGER_SET_ACCESS (§3.6). The model passes element and control as two arguments
 * (Miniclass.setAccess), so the pair gets its own type here.
 */
export interface SetAccessRequest {
  readonly element: ChangerElement;
  readonly control: AccessControl;
}

export const CHANGER_SET_ACCESS_LENGTH = 12;

const STRUCTURE = 'CHANGER_SET_ACCESS';

function isAccessControl(v: number): v is AccessControl {
  return Number.isInteger(v) && v >= AccessControl.Lock && v <= AccessControl.RetractIEPort;
}

export function encodeChangerSetAccess(q: SetAccessRequest): Uint8Array {
  const w = new LeWriter(STRUCTURE, CHANGER_SET_ACCESS_LENGTH);
  writeChangerElement(w, q.element, 'Element');
  if (!isAccessControl(q.control)) throw w.invalid('Control', `${q.control} is not an access control (0–3)`);
  w.u32(q.control, 'Control');
  return w.finish();
}

/** Which element types may be locked is the miniclass's check; only the Control value is closed here. */
export function decodeChangerSetAccess(bytes: Uint8Array): SetAccessRequest {
  requireLength(STRUCTURE, bytes, CHANGER_SET_ACCESS_LENGTH);
  const r = new LeReader(STRUCTURE, bytes);
  const element = readChangerElement(r, 'Element');
  const control = r.u32();
  if (!isAccessControl(control)) throw r.invalid('Control', `${control} is not an access control (0–3)`);
  return { element, control };
}
