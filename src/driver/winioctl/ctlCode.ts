import { WinIoctlFormatError } from './winIoctlFormatError.ts';

/** FILE_DEVICE_* device types met by a changer model (winioctl.h). */
export const FileDevice = {
  CD_ROM: 0x02,
  DISK: 0x07,
  TAPE: 0x1f,
  MASS_STORAGE: 0x2d,
  CHANGER: 0x30,
  DVD: 0x33,
} as const;

/** Transfer methods; every changer and storage code here is METHOD_BUFFERED. */
export const Method = {
  BUFFERED: 0,
  IN_DIRECT: 1,
  OUT_DIRECT: 2,
  NEITHER: 3,
} as const;

/** FILE_*_ACCESS: what the caller's handle must have been opened with. */
export const FileAccess = {
  ANY: 0,
  READ: 1,
  WRITE: 2,
  READ_WRITE: 3,
} as const;

export interface CtlCodeParts {
  readonly deviceType: number;
  readonly function: number;
  readonly method: number;
  readonly access: number;
}

const STRUCTURE = 'CTL_CODE';

/** CTL_CODE of winioctl.h: DeviceType[31:16] Access[15:14] Function[13:2] Method[1:0]. */
export function ctlCode(deviceType: number, fn: number, method: number, access: number): number {
  checkPart('DeviceType', deviceType, 0xffff);
  checkPart('Function', fn, 0xfff);
  checkPart('Method', method, 3);
  checkPart('Access', access, 3);
  // Device types from 0x8000 set bit 31; >>> 0 keeps the code an unsigned ULONG.
  return ((deviceType << 16) | (access << 14) | (fn << 2) | method) >>> 0;
}

export function parseCtlCode(code: number): CtlCodeParts {
  checkPart('code', code, 0xffffffff);
  return { deviceType: code >>> 16, access: (code >>> 14) & 3, function: (code >>> 2) & 0xfff, method: code & 3 };
}

function checkPart(field: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new WinIoctlFormatError(STRUCTURE, `${field}: ${value} is outside 0–${max}`);
}
