/**
 * Device Configuration Extension mode page 10h subpage 01h (sub_page format, page length 1Ch;
 * ssc.md §2.10): PE_UN and the TapeAlert controls in byte 4, WR_MOD and short erase mode in
 * byte 5, PEWS — programmable early warning size, which LTFS sets to half its index partition —
 * in bytes 6–7, the encryption controls in byte 8.
 */
import { DEVICE_CONFIGURATION_PAGE_CODE } from './deviceConfigurationPage.ts';
import { field, flag, isOn, openSscModePage, startSscModePage } from './sscModePageCodec.ts';

export const DEVICE_CONFIGURATION_EXTENSION_SUBPAGE = 0x01;
const PAGE_LENGTH = 0x1c;

export const ProgrammableEarlyWarningUnits = {
  MEGABYTES: 0,
  GIGABYTES: 1,
  TERABYTES: 2,
} as const;

export interface DeviceConfigurationExtensionPage {
  /** PE_UN, byte 4 bits 7–4: unit of PEWS. */
  programmableEarlyWarningUnits: number;
  /** TARPF, TASER, TARPC, TAPLSD: TapeAlert reporting controls. */
  tapeAlertRespectParameterFields: boolean;
  tapeAlertSelectEventRecording: boolean;
  tapeAlertRespectPageControl: boolean;
  tapeAlertPrefixLogSenseDefault: boolean;
  /** WR_MOD, byte 5 bits 7–4: 0 overwrite allowed, 1 append-only. */
  writeMode: number;
  /** SEM, byte 5 bits 3–0. */
  shortEraseMode: number;
  /** PEWS, bytes 6–7 in units of programmableEarlyWarningUnits; 0 = off. */
  programmableEarlyWarningSize: number;
  /** Byte 8 bits 3–0: ACWRE, WRE, ACVCELBRE, VCELBRE. */
  encryptionControls: number;
}

export function encodeDeviceConfigurationExtensionPage(p: DeviceConfigurationExtensionPage): Buffer {
  return startSscModePage(DEVICE_CONFIGURATION_PAGE_CODE, PAGE_LENGTH, DEVICE_CONFIGURATION_EXTENSION_SUBPAGE)
    .uint8(
      (field(p.programmableEarlyWarningUnits, 4, 'PE_UN') << 4) |
        flag(p.tapeAlertRespectParameterFields, 3) |
        flag(p.tapeAlertSelectEventRecording, 2) |
        flag(p.tapeAlertRespectPageControl, 1) |
        flag(p.tapeAlertPrefixLogSenseDefault, 0),
    )
    .uint8((field(p.writeMode, 4, 'WR_MOD') << 4) | field(p.shortEraseMode, 4, 'SEM'))
    .uint16(p.programmableEarlyWarningSize)
    .uint8(field(p.encryptionControls, 4, 'encryption controls'))
    .zeros(PAGE_LENGTH - 5)
    .toBuffer();
}

export function decodeDeviceConfigurationExtensionPage(bytes: Uint8Array): DeviceConfigurationExtensionPage {
  const r = openSscModePage(bytes, 'device configuration extension mode page', DEVICE_CONFIGURATION_PAGE_CODE, PAGE_LENGTH, DEVICE_CONFIGURATION_EXTENSION_SUBPAGE);
  const b4 = r.uint8();
  const b5 = r.uint8();
  const programmableEarlyWarningSize = r.uint16();
  const b8 = r.uint8();
  return {
    programmableEarlyWarningUnits: b4 >> 4,
    tapeAlertRespectParameterFields: isOn(b4, 3),
    tapeAlertSelectEventRecording: isOn(b4, 2),
    tapeAlertRespectPageControl: isOn(b4, 1),
    tapeAlertPrefixLogSenseDefault: isOn(b4, 0),
    writeMode: b5 >> 4,
    shortEraseMode: b5 & 0x0f,
    programmableEarlyWarningSize,
    encryptionControls: b8 & 0x0f,
  };
}
