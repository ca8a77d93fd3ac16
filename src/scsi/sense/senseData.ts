import { ScsiFormatError } from '../scsiFormatError.ts';
import { buildDescriptorSense, parseDescriptorSense, type DescriptorSenseData, type SenseDescriptor } from './descriptorSense.ts';
import { buildFixedSense, parseFixedSense, type FixedSenseData } from './fixedSense.ts';

/** Sense data in either format; both carry senseKey/asc/ascq at the top level. */
export type SenseData = FixedSenseData | DescriptorSenseData;

/** Picks the format from the response code: 70h/71h fixed, 72h/73h descriptor. */
export function parseSenseData(bytes: Uint8Array): SenseData {
  if (bytes.length === 0) throw new ScsiFormatError('sense data', 'empty', 'data');
  const code = bytes[0]! & 0x7f;
  if (code === 0x70 || code === 0x71) return parseFixedSense(bytes);
  if (code === 0x72 || code === 0x73) return parseDescriptorSense(bytes);
  throw new ScsiFormatError('sense data', `response code ${code.toString(16)}h is neither fixed (70h/71h) nor descriptor (72h/73h)`, 'data', {
    byte: 0,
    bit: 6,
  });
}

export function buildSenseData(sense: SenseData): Buffer {
  return sense.format === 'fixed' ? buildFixedSense(sense) : buildDescriptorSense(sense);
}

/**
 * Same condition in descriptor format (for D_SENSE = 1 or REQUEST SENSE with DESC = 1).
 * Vendor bytes 18+ have no descriptor equivalent and are dropped.
 */
export function toDescriptorFormat(sense: FixedSenseData): DescriptorSenseData {
  const descriptors: SenseDescriptor[] = [];
  if (sense.valid) descriptors.push({ type: 'information', valid: true, information: BigInt(sense.information) });
  if (sense.commandSpecificInformation !== 0) {
    descriptors.push({ type: 'command-specific-information', information: BigInt(sense.commandSpecificInformation) });
  }
  if (sense.senseKeySpecific !== undefined) descriptors.push({ type: 'sense-key-specific', senseKeySpecific: sense.senseKeySpecific });
  if (sense.fieldReplaceableUnitCode !== 0) descriptors.push({ type: 'field-replaceable-unit', code: sense.fieldReplaceableUnitCode });
  if (sense.filemark || sense.endOfMedium || sense.incorrectLength) {
    descriptors.push({ type: 'stream-commands', filemark: sense.filemark, endOfMedium: sense.endOfMedium, incorrectLength: sense.incorrectLength });
  }
  return { format: 'descriptor', deferred: sense.deferred, senseKey: sense.senseKey, asc: sense.asc, ascq: sense.ascq, descriptors };
}

/**
 * Same condition in fixed format. An INFORMATION value wider than 32 bits cannot be carried, so
 * VALID is then cleared, as SPC prescribes.
 */
export function toFixedFormat(sense: DescriptorSenseData): FixedSenseData {
  const fixed: FixedSenseData = {
    format: 'fixed',
    deferred: sense.deferred,
    valid: false,
    information: 0,
    filemark: false,
    endOfMedium: false,
    incorrectLength: false,
    senseKey: sense.senseKey,
    commandSpecificInformation: 0,
    asc: sense.asc,
    ascq: sense.ascq,
    fieldReplaceableUnitCode: 0,
    additionalSenseBytes: Buffer.alloc(0),
  };
  for (const d of sense.descriptors) {
    switch (d.type) {
      case 'information':
        if (d.information <= 0xffffffffn) {
          fixed.valid = d.valid;
          fixed.information = Number(d.information);
        }
        break;
      case 'command-specific-information':
        fixed.commandSpecificInformation = Number(d.information & 0xffffffffn);
        break;
      case 'sense-key-specific':
        if (d.senseKeySpecific !== undefined) fixed.senseKeySpecific = d.senseKeySpecific;
        break;
      case 'field-replaceable-unit':
        fixed.fieldReplaceableUnitCode = d.code;
        break;
      case 'stream-commands':
        fixed.filemark = d.filemark;
        fixed.endOfMedium = d.endOfMedium;
        fixed.incorrectLength ||= d.incorrectLength;
        break;
      case 'block-commands':
        fixed.incorrectLength ||= d.incorrectLength;
        break;
      case 'other':
        break;
    }
  }
  return fixed;
}
