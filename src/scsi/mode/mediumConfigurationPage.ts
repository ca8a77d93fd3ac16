/**
 * Medium Configuration mode page 1Dh of a tape drive (ssc.md §2.10, page length 1Eh): byte 2
 * bit 0 WORMM, the loaded medium is WORM (how PBS tells WORM tapes apart, insisting on the
 * length); bytes 4 and 5 the WORM mode label and filemark restrictions.
 */
import { isOn, openSscModePage, startSscModePage } from './sscModePageCodec.ts';

export const MEDIUM_CONFIGURATION_PAGE_CODE = 0x1d;
const PAGE_LENGTH = 0x1e;

export interface MediumConfigurationPage {
  wormMode: boolean;
  wormModeLabelRestrictions: number;
  wormModeFilemarkRestrictions: number;
}

export function encodeMediumConfigurationPage(p: MediumConfigurationPage): Buffer {
  return startSscModePage(MEDIUM_CONFIGURATION_PAGE_CODE, PAGE_LENGTH)
    .uint8(p.wormMode ? 0x01 : 0)
    .uint8(0)
    .uint8(p.wormModeLabelRestrictions)
    .uint8(p.wormModeFilemarkRestrictions)
    .zeros(PAGE_LENGTH - 4)
    .toBuffer();
}

export function decodeMediumConfigurationPage(bytes: Uint8Array): MediumConfigurationPage {
  const r = openSscModePage(bytes, 'medium configuration mode page', MEDIUM_CONFIGURATION_PAGE_CODE, PAGE_LENGTH);
  const b2 = r.uint8();
  r.skip(1);
  return { wormMode: isOn(b2, 0), wormModeLabelRestrictions: r.uint8(), wormModeFilemarkRestrictions: r.uint8() };
}
