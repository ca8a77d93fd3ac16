import { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';

/**
 * SEND VOLUME TAG parameter list, 40 bytes (smc.md §1.7, SCSI-2 Table 347): 0–31 volume
 * identification template, 32–33 reserved, 34–35 minimum volume sequence number, 36–37
 * reserved, 38–39 maximum volume sequence number.
 */
export interface SendVolumeTagParameters {
  /** Trailing spaces dropped; `*` and `?` are wildcards, allowed only for translate actions. */
  volumeIdentificationTemplate: string;
  minimumSequenceNumber: number;
  maximumSequenceNumber: number;
}

export const SEND_VOLUME_TAG_PARAMETERS_LENGTH = 40;
const STRUCTURE = 'SEND VOLUME TAG parameter list';

export function buildSendVolumeTagParameters(p: SendVolumeTagParameters): Buffer {
  return new BufferWriter(SEND_VOLUME_TAG_PARAMETERS_LENGTH)
    .paddedText(p.volumeIdentificationTemplate, 32)
    .zeros(2)
    .uint16(p.minimumSequenceNumber)
    .zeros(2)
    .uint16(p.maximumSequenceNumber)
    .toBuffer();
}

/**
 * Parses the first 40 bytes; more is accepted (Linux CHIOSVOLTAG sends 255 with only the first
 * 32 meaningful). Reserved bytes set, a short list, or a character outside 20h–7Eh in the
 * template are parameter-list errors with a field pointer. `allowWildcards` is false for the
 * assert/replace actions, where `*` and `?` are invalid.
 */
export function parseSendVolumeTagParameters(bytes: Uint8Array, options: { allowWildcards?: boolean } = {}): SendVolumeTagParameters {
  const r = new BufferReader(bytes, STRUCTURE, 'parameter-list');
  r.need(SEND_VOLUME_TAG_PARAMETERS_LENGTH);
  const template = r.bytes(32);
  for (const [i, c] of template.entries()) {
    if (c < 0x20 || c > 0x7e) throw r.error(`template byte ${c.toString(16)}h is not printable ASCII`, i);
    if (options.allowWildcards === false && (c === 0x2a || c === 0x3f)) throw r.error(`wildcard '${String.fromCharCode(c)}' outside a translate action`, i);
  }
  r.reservedBytes(2);
  const minimumSequenceNumber = r.uint16();
  r.reservedBytes(2);
  const maximumSequenceNumber = r.uint16();
  return {
    volumeIdentificationTemplate: template.toString('latin1').replace(/ +$/, ''),
    minimumSequenceNumber,
    maximumSequenceNumber,
  };
}
