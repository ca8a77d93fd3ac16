import { ElementStatusFlags, ExceptionCode, type ElementStatus } from '../../../../src/driver/elementStatus.ts';
import { ElementType } from '../../../../src/driver/elementType.ts';
import { hex } from './fixtures.ts';

/** Hand-written element status entries from the §3.8 offset table, shared by the status tests. */

// Drive 1, loaded from slot 17, in exception; bar code ABC123L6 copied from a SCSI tag (space padded
// to 32, then reserved and sequence-number bytes of zero).
export const DRIVE_STATUS_100 = hex`
  04 00 00 00 01 00 00 00         // 0   Element = drive 1
  02 00 00 00 11 00 00 00         // 8   SrcElementAddress = slot 17
  0d 30 80 10                     // 16  Flags = FULL|EXCEPT|ACCESS|LUN_VALID|ID_VALID|SVALID|PVOLTAG
  11 00 00 00                     // 20  ExceptionCode = ERROR_INIT_STATUS_NEEDED
  05                              // 24  TargetId
  02                              // 25  Lun
  00 00                           // 26  Reserved
  41 42 43 31 32 33 4c 36 20*24   // 28  PrimaryVolumeID "ABC123L6"
  00*4
  00*36                           // 64  AlternateVolumeID (no AVOLTAG)
`;

export const DRIVE_STATUS: ElementStatus = {
  element: { type: ElementType.Drive, index: 1 },
  sourceElement: { type: ElementType.Slot, index: 17 },
  flags: 0x1080300d,
  exceptionCode: ExceptionCode.InitStatusNeeded,
  targetId: 5,
  lun: 2,
  primaryVolumeId: 'ABC123L6',
  alternateVolumeId: undefined,
  driveIdentity: undefined,
};

// The same drive in the _EX form, now with PRODUCT_DATA and its identity.
export const DRIVE_STATUS_156 = hex`
  04 00 00 00 01 00 00 00         // 0   Element = drive 1
  02 00 00 00 11 00 00 00         // 8   SrcElementAddress = slot 17
  4d 30 80 10                     // 16  Flags = as above | PRODUCT_DATA
  11 00 00 00                     // 20  ExceptionCode
  05 02 00 00                     // 24  TargetId, Lun, Reserved
  41 42 43 31 32 33 4c 36 20*24   // 28  PrimaryVolumeID "ABC123L6"
  00*4
  00*36                           // 64  AlternateVolumeID
  49 42 4d 20*5                   // 100 VendorIdentification "IBM"
  55 4c 54 33 35 38 30 2d 54 44 36 20*5   // 108 ProductIdentification "ULT3580-TD6"
  31 30 31 33 30 30 30 31 32 33 20*22     // 124 SerialNumber "1013000123"
`;

export const DRIVE_STATUS_EX: ElementStatus = {
  ...DRIVE_STATUS,
  flags: (0x1080300d | ElementStatusFlags.PRODUCT_DATA) >>> 0,
  driveIdentity: { vendorId: 'IBM', productId: 'ULT3580-TD6', serialNumber: '1013000123' },
};

// Slot 17, full, tag XYZ999L7; no source, no exception.
export const SLOT_STATUS_100 = hex`
  02 00 00 00 11 00 00 00         // 0   Element = slot 17
  00*8                            // 8   SrcElementAddress (not SVALID)
  09 00 00 10                     // 16  Flags = FULL|ACCESS|PVOLTAG
  00 00 00 00                     // 20  ExceptionCode
  00 00 00 00                     // 24  TargetId, Lun, Reserved
  58 59 5a 39 39 39 4c 37 20*24   // 28  PrimaryVolumeID "XYZ999L7"
  00*4
  00*36                           // 64  AlternateVolumeID
`;

export const SLOT_STATUS_156 = hex`
  02 00 00 00 11 00 00 00
  00*8
  09 00 00 10
  00 00 00 00
  00 00 00 00
  58 59 5a 39 39 39 4c 37 20*24
  00*4
  00*36
  00*56                           // 100 no drive identity
`;

export const SLOT_STATUS: ElementStatus = {
  element: { type: ElementType.Slot, index: 17 },
  sourceElement: undefined,
  flags: 0x10000009,
  exceptionCode: ExceptionCode.None,
  targetId: 0,
  lun: 0,
  primaryVolumeId: 'XYZ999L7',
  alternateVolumeId: undefined,
  driveIdentity: undefined,
};

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
