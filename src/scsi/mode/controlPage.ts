import type { BufferReader } from '../bufferReader.ts';
import { BufferWriter } from '../bufferWriter.ts';

/**
 * Control mode page 0Ah (SPC-4 layout, page length 0Ah). The field a changer stack cares about
 * is D_SENSE (descriptor-format sense); the rest is carried so a device can answer MODE SENSE
 * and accept MODE SELECT of the whole page. Obsolete bits are dropped.
 */
export interface ControlPage {
  kind: 'control';
  parametersSaveable: boolean;
  /** TST, byte 2 bits 7–5: task set type. */
  taskSetType: number;
  /** TMF_ONLY. */
  taskManagementFunctionsOnly: boolean;
  /** DPICZ. */
  disableProtectionInformationCheckIfZero: boolean;
  /** D_SENSE: return descriptor-format sense data. */
  descriptorSense: boolean;
  /** GLTSD. */
  globalLoggingTargetSaveDisable: boolean;
  /** RLEC. */
  reportLogExceptionCondition: boolean;
  /** QUEUE ALGORITHM MODIFIER, byte 3 bits 7–4. */
  queueAlgorithmModifier: number;
  /** NUAR. */
  noUnitAttentionOnRelease: boolean;
  /** QERR, byte 3 bits 2–1. */
  queueErrorManagement: number;
  /** VS, byte 4 bit 7. */
  vendorSpecific: boolean;
  /** RAC. */
  reportACheck: boolean;
  /** UA_INTLCK_CTRL, byte 4 bits 5–4. */
  unitAttentionInterlocksControl: number;
  /** SWP. */
  softwareWriteProtect: boolean;
  /** ATO. */
  applicationTagOwner: boolean;
  /** TAS. */
  taskAbortedStatus: boolean;
  /** ATMPE. */
  applicationTagModePageEnabled: boolean;
  /** RWWP. */
  rejectWriteWithoutProtection: boolean;
  /** AUTOLOAD MODE, byte 5 bits 2–0. */
  autoloadMode: number;
  /** Bytes 8–9, in 100 ms units; FFFFh = unlimited. */
  busyTimeoutPeriod: number;
  /** Bytes 10–11, seconds. */
  extendedSelfTestCompletionTime: number;
}

export const CONTROL_PAGE_CODE = 0x0a;
const PAGE_LENGTH = 0x0a;

export function encodeControlPage(p: ControlPage): Buffer {
  const w = new BufferWriter(PAGE_LENGTH + 2);
  w.uint8((p.parametersSaveable ? 0x80 : 0) | CONTROL_PAGE_CODE).uint8(PAGE_LENGTH);
  w.uint8(
    (bits(p.taskSetType, 3, 'TST') << 5) |
      flag(p.taskManagementFunctionsOnly, 4) |
      flag(p.disableProtectionInformationCheckIfZero, 3) |
      flag(p.descriptorSense, 2) |
      flag(p.globalLoggingTargetSaveDisable, 1) |
      flag(p.reportLogExceptionCondition, 0),
  );
  w.uint8((bits(p.queueAlgorithmModifier, 4, 'queue algorithm modifier') << 4) | flag(p.noUnitAttentionOnRelease, 3) | (bits(p.queueErrorManagement, 2, 'QERR') << 1));
  w.uint8(flag(p.vendorSpecific, 7) | flag(p.reportACheck, 6) | (bits(p.unitAttentionInterlocksControl, 2, 'UA_INTLCK_CTRL') << 4) | flag(p.softwareWriteProtect, 3));
  w.uint8(
    flag(p.applicationTagOwner, 7) |
      flag(p.taskAbortedStatus, 6) |
      flag(p.applicationTagModePageEnabled, 5) |
      flag(p.rejectWriteWithoutProtection, 4) |
      bits(p.autoloadMode, 3, 'autoload mode'),
  );
  w.zeros(2).uint16(p.busyTimeoutPeriod).uint16(p.extendedSelfTestCompletionTime);
  return w.toBuffer();
}

export function decodeControlPage(r: BufferReader, parametersSaveable: boolean): ControlPage {
  if (r.remaining < PAGE_LENGTH) throw r.error(`page length ${r.remaining} is shorter than ${PAGE_LENGTH}h`, r.offset - 1);
  const [b2, b3, b4, b5] = [r.uint8(), r.uint8(), r.uint8(), r.uint8()];
  r.skip(2);
  return {
    kind: 'control',
    parametersSaveable,
    taskSetType: b2 >> 5,
    taskManagementFunctionsOnly: on(b2, 4),
    disableProtectionInformationCheckIfZero: on(b2, 3),
    descriptorSense: on(b2, 2),
    globalLoggingTargetSaveDisable: on(b2, 1),
    reportLogExceptionCondition: on(b2, 0),
    queueAlgorithmModifier: b3 >> 4,
    noUnitAttentionOnRelease: on(b3, 3),
    queueErrorManagement: (b3 >> 1) & 0x03,
    vendorSpecific: on(b4, 7),
    reportACheck: on(b4, 6),
    unitAttentionInterlocksControl: (b4 >> 4) & 0x03,
    softwareWriteProtect: on(b4, 3),
    applicationTagOwner: on(b5, 7),
    taskAbortedStatus: on(b5, 6),
    applicationTagModePageEnabled: on(b5, 5),
    rejectWriteWithoutProtection: on(b5, 4),
    autoloadMode: b5 & 0x07,
    busyTimeoutPeriod: r.uint16(),
    extendedSelfTestCompletionTime: r.uint16(),
  };
}

/** The page with every field zero/false except what is given. */
export function controlPage(fields: Partial<ControlPage> = {}): ControlPage {
  return {
    kind: 'control',
    parametersSaveable: false,
    taskSetType: 0,
    taskManagementFunctionsOnly: false,
    disableProtectionInformationCheckIfZero: false,
    descriptorSense: false,
    globalLoggingTargetSaveDisable: false,
    reportLogExceptionCondition: false,
    queueAlgorithmModifier: 0,
    noUnitAttentionOnRelease: false,
    queueErrorManagement: 0,
    vendorSpecific: false,
    reportACheck: false,
    unitAttentionInterlocksControl: 0,
    softwareWriteProtect: false,
    applicationTagOwner: false,
    taskAbortedStatus: false,
    applicationTagModePageEnabled: false,
    rejectWriteWithoutProtection: false,
    autoloadMode: 0,
    busyTimeoutPeriod: 0,
    extendedSelfTestCompletionTime: 0,
    ...fields,
  };
}

function flag(value: boolean, position: number): number {
  return value ? 1 << position : 0;
}

function on(byte: number, position: number): boolean {
  return (byte & (1 << position)) !== 0;
}

function bits(value: number, width: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value >= 1 << width) throw new RangeError(`${what} does not fit in ${width} bits: ${value}`);
  return value;
}
