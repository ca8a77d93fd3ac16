/**
 * Informational Exceptions Control mode page 1Ch (ssc.md §2.10, page length 0Ah): how the drive
 * reports TapeAlert conditions. DEXCPT = 1 with MRIE 3 is what LTO drives and mhVTL default to:
 * no exception sense, the host polls LOG SENSE 2Eh (tapeinfo, Bacula's alert command).
 */
import { field, flag, isOn, openSscModePage, startSscModePage } from './sscModePageCodec.ts';

export const INFORMATIONAL_EXCEPTIONS_CONTROL_PAGE_CODE = 0x1c;
const PAGE_LENGTH = 0x0a;

export interface InformationalExceptionsControlPage {
  /** Byte 2: PERF, EBF, EWASC, DEXCPT, TEST, LOGERR. */
  performance: boolean;
  enableBackgroundFunction: boolean;
  enableWarning: boolean;
  disableExceptionControl: boolean;
  test: boolean;
  logErrors: boolean;
  /** MRIE, byte 3 bits 3–0: method of reporting informational exceptions. */
  methodOfReporting: number;
  /** 100 ms units. */
  intervalTimer: number;
  reportCount: number;
}

export function encodeInformationalExceptionsControlPage(p: InformationalExceptionsControlPage): Buffer {
  return startSscModePage(INFORMATIONAL_EXCEPTIONS_CONTROL_PAGE_CODE, PAGE_LENGTH)
    .uint8(flag(p.performance, 7) | flag(p.enableBackgroundFunction, 5) | flag(p.enableWarning, 4) | flag(p.disableExceptionControl, 3) | flag(p.test, 2) | flag(p.logErrors, 0))
    .uint8(field(p.methodOfReporting, 4, 'MRIE'))
    .uint32(p.intervalTimer)
    .uint32(p.reportCount)
    .toBuffer();
}

export function decodeInformationalExceptionsControlPage(bytes: Uint8Array): InformationalExceptionsControlPage {
  const r = openSscModePage(bytes, 'informational exceptions control mode page', INFORMATIONAL_EXCEPTIONS_CONTROL_PAGE_CODE, PAGE_LENGTH);
  const b2 = r.uint8();
  const b3 = r.uint8();
  return {
    performance: isOn(b2, 7),
    enableBackgroundFunction: isOn(b2, 5),
    enableWarning: isOn(b2, 4),
    disableExceptionControl: isOn(b2, 3),
    test: isOn(b2, 2),
    logErrors: isOn(b2, 0),
    methodOfReporting: b3 & 0x0f,
    intervalTimer: r.uint32(),
    reportCount: r.uint32(),
  };
}
