import { Opcode } from '../opcodes.ts';
import type { ElementTypeCode } from '../elementTypeCode.ts';
import { OBSOLETE_LUN_BITS, fits, hex, openCdb, startCdb, type CdbInput } from './cdbCodec.ts';
import { elementTypeField } from './readElementStatus.ts';

/** SEND ACTION CODE values (smc.md §1.7, SCSI-2 Table 346); 1Ch–1Fh are vendor specific. */
export const SendVolumeTagAction = {
  TRANSLATE_ALL: 0x0,
  TRANSLATE_PRIMARY: 0x1,
  TRANSLATE_ALTERNATE: 0x2,
  TRANSLATE_ALL_IGNORE_SEQUENCE: 0x4,
  TRANSLATE_PRIMARY_IGNORE_SEQUENCE: 0x5,
  TRANSLATE_ALTERNATE_IGNORE_SEQUENCE: 0x6,
  ASSERT_PRIMARY: 0x8,
  ASSERT_ALTERNATE: 0x9,
  REPLACE_PRIMARY: 0xa,
  REPLACE_ALTERNATE: 0xb,
  UNDEFINE_PRIMARY: 0xc,
  UNDEFINE_ALTERNATE: 0xd,
} as const;

/** True for the defined codes and the vendor range; false for the reserved ones (3, 7, Eh–1Bh). */
export function isDefinedSendVolumeTagAction(code: number): boolean {
  return (Object.values(SendVolumeTagAction) as number[]).includes(code) || (code >= 0x1c && code <= 0x1f);
}

/** True for the translate family (0–2, 4–6), where `*` and `?` wildcards are allowed. */
export function isTranslateAction(code: number): boolean {
  return code <= 0x6 && code !== 0x3;
}

/** SEND VOLUME TAG (B6h): the 40-byte parameter list (sendVolumeTagParameters.ts) follows. */
export interface SendVolumeTagCdb {
  elementType: ElementTypeCode;
  elementAddress: number;
  sendActionCode: number;
  parameterListLength: number;
  control: number;
}

export function buildSendVolumeTagCdb(input: CdbInput<SendVolumeTagCdb, 'parameterListLength' | 'control'>): Buffer {
  return startCdb(Opcode.SEND_VOLUME_TAG, 12)
    .uint8(fits(input.elementType, 4, 'element type'))
    .uint16(input.elementAddress)
    .uint8(0)
    .uint8(fits(input.sendActionCode, 5, 'send action code'))
    .zeros(2)
    .uint16(input.parameterListLength ?? 40)
    .uint8(0)
    .uint8(input.control ?? 0)
    .toBuffer();
}

export function parseSendVolumeTagCdb(cdb: Uint8Array): SendVolumeTagCdb {
  const r = openCdb(cdb, Opcode.SEND_VOLUME_TAG, 12);
  const elementType = elementTypeField(r, r.byteWithReserved(0x10 & ~OBSOLETE_LUN_BITS), 1);
  const elementAddress = r.uint16();
  r.reservedBytes(1);
  const sendActionCode = r.byteWithReserved(0xe0);
  if (!isDefinedSendVolumeTagAction(sendActionCode)) throw r.error(`send action code ${hex(sendActionCode)} is reserved`, 5, 4);
  r.reservedBytes(2);
  const parameterListLength = r.uint16();
  r.reservedBytes(1);
  return { elementType, elementAddress, sendActionCode, parameterListLength, control: r.uint8() };
}
