import { MAX_VOLUME_TEMPLATE_SIZE, VolumeTagAction, type VolumeTagQuery } from '../requests.ts';
import { readAsciiField, writeVolumeText } from './asciiField.ts';
import { readChangerElement, writeChangerElement } from './changerElement.ts';
import { LeReader } from './leReader.ts';
import { LeWriter } from './leWriter.ts';
import { requireLength } from './winIoctlFormatError.ts';

/** CHANGER_SEND_VOLUME_TAG_INFORMATION: StartingElement, ActionCode, VolumeIDTemplate[40] (§3.13). */
export const CHANGER_SEND_VOLUME_TAG_INFORMATION_LENGTH = 52;

const STRUCTURE = 'CHANGER_SEND_VOLUME_TAG_INFORMATION';

/** 0x3, 0x7 and everything past 0xD are unassigned; the enum holds exactly the assigned codes. */
const ACTION_CODES: ReadonlySet<number> = new Set(Object.values(VolumeTagAction).filter((v) => typeof v === 'number'));

function isVolumeTagAction(v: number): v is VolumeTagAction {
  return ACTION_CODES.has(v);
}

/**
 * The template is written like a volume ID (see writeVolumeText): it is copied into the 40-byte
 * SEND VOLUME TAG parameter list, whose first 32 bytes are the space-padded identification template
 * and whose last 8 are reserved bytes and sequence numbers, zero here.
 */
export function encodeChangerSendVolumeTagInformation(q: VolumeTagQuery): Uint8Array {
  const w = new LeWriter(STRUCTURE, CHANGER_SEND_VOLUME_TAG_INFORMATION_LENGTH);
  writeChangerElement(w, q.startingElement, 'StartingElement');
  if (!isVolumeTagAction(q.action)) throw w.invalid('ActionCode', `${q.action} is not a volume tag action code`);
  w.u32(q.action, 'ActionCode');
  writeVolumeText(w, q.template, MAX_VOLUME_TEMPLATE_SIZE, 'VolumeIDTemplate');
  return w.finish();
}

export function decodeChangerSendVolumeTagInformation(bytes: Uint8Array): VolumeTagQuery {
  requireLength(STRUCTURE, bytes, CHANGER_SEND_VOLUME_TAG_INFORMATION_LENGTH);
  const r = new LeReader(STRUCTURE, bytes);
  const startingElement = readChangerElement(r, 'StartingElement');
  const action = r.u32();
  if (!isVolumeTagAction(action)) throw r.invalid('ActionCode', `${action} is not a volume tag action code`);
  return { startingElement, action, template: readAsciiField(r, MAX_VOLUME_TEMPLATE_SIZE) };
}
