/**
 * Linux `struct sg_io_hdr` (include/scsi/sg.h) as bytes, for the SG_IO ioctl on /dev/sgN. Encoded
 * by hand rather than through an FFI struct so the layout is testable without a device: 88 bytes
 * on 64-bit Linux (pointers 8-byte aligned), 64 on 32-bit. Native endianness (little on every
 * platform Node runs Linux on in practice); the pointer fields hold addresses of memory the
 * caller keeps alive for the duration of the ioctl.
 */

export const SG_IO = 0x2285;
export const SG_INTERFACE_ID = 0x53; // 'S'

export enum SgDxferDirection {
  None = -1,
  ToDevice = -2,
  FromDevice = -3,
}

/** info & SG_INFO_OK_MASK: SG_INFO_OK (0) or SG_INFO_CHECK (1). */
export const SG_INFO_OK_MASK = 0x1;
/** SG_FLAG_Q_AT_TAIL etc. are not needed: a changer takes one command at a time. */
export const SG_FLAG_NONE = 0;

export interface SgIoRequest {
  readonly direction: SgDxferDirection;
  readonly cmdLength: number;
  readonly maxSenseLength: number;
  readonly dxferLength: number;
  readonly dxferAddress: bigint;
  readonly cmdAddress: bigint;
  readonly senseAddress: bigint;
  readonly timeoutMs: number;
  readonly packId: number;
}

export interface SgIoResult {
  readonly status: number;
  readonly maskedStatus: number;
  readonly msgStatus: number;
  readonly senseLengthWritten: number;
  readonly hostStatus: number;
  readonly driverStatus: number;
  readonly residual: number;
  readonly durationMs: number;
  readonly info: number;
}

interface Layout {
  readonly size: number;
  readonly pointer: 4 | 8;
  readonly dxferp: number;
  readonly cmdp: number;
  readonly sbp: number;
  readonly timeout: number;
  readonly flags: number;
  readonly packId: number;
  readonly usrPtr: number;
  readonly status: number;
}

/** Offsets that depend on the pointer size; the fields before dxferp and after status are fixed relative to them. */
export function sgIoLayout(pointerSize: 4 | 8): Layout {
  if (pointerSize === 8) return { size: 88, pointer: 8, dxferp: 16, cmdp: 24, sbp: 32, timeout: 40, flags: 44, packId: 48, usrPtr: 56, status: 64 };
  return { size: 64, pointer: 4, dxferp: 16, cmdp: 20, sbp: 24, timeout: 28, flags: 32, packId: 36, usrPtr: 40, status: 44 };
}

function writePointer(b: Buffer, offset: number, size: 4 | 8, address: bigint): void {
  if (size === 8) b.writeBigUInt64LE(address, offset);
  else b.writeUInt32LE(Number(address), offset);
}

export function encodeSgIoHeader(r: SgIoRequest, pointerSize: 4 | 8 = 8): Buffer {
  const l = sgIoLayout(pointerSize);
  const b = Buffer.alloc(l.size);
  b.writeInt32LE(SG_INTERFACE_ID, 0);
  b.writeInt32LE(r.direction, 4);
  b.writeUInt8(r.cmdLength, 8);
  b.writeUInt8(r.maxSenseLength, 9);
  b.writeUInt16LE(0, 10); // iovec_count: one flat buffer
  b.writeUInt32LE(r.dxferLength, 12);
  writePointer(b, l.dxferp, l.pointer, r.dxferAddress);
  writePointer(b, l.cmdp, l.pointer, r.cmdAddress);
  writePointer(b, l.sbp, l.pointer, r.senseAddress);
  b.writeUInt32LE(r.timeoutMs, l.timeout);
  b.writeUInt32LE(SG_FLAG_NONE, l.flags);
  b.writeInt32LE(r.packId, l.packId);
  return b;
}

export function decodeSgIoResult(b: Buffer, pointerSize: 4 | 8 = 8): SgIoResult {
  const l = sgIoLayout(pointerSize);
  if (b.length < l.size) throw new RangeError(`sg_io_hdr needs ${l.size} bytes, got ${b.length}`);
  const s = l.status;
  return {
    status: b.readUInt8(s),
    maskedStatus: b.readUInt8(s + 1),
    msgStatus: b.readUInt8(s + 2),
    senseLengthWritten: b.readUInt8(s + 3),
    hostStatus: b.readUInt16LE(s + 4),
    driverStatus: b.readUInt16LE(s + 6),
    residual: b.readInt32LE(s + 8),
    durationMs: b.readUInt32LE(s + 12),
    info: b.readUInt32LE(s + 16),
  };
}

/** host_status values that mean the command never completed at the device (DID_* of scsi.h). */
export const HostStatus: Record<number, string> = {
  0x00: 'DID_OK',
  0x01: 'DID_NO_CONNECT',
  0x02: 'DID_BUS_BUSY',
  0x03: 'DID_TIME_OUT',
  0x04: 'DID_BAD_TARGET',
  0x05: 'DID_ABORT',
  0x06: 'DID_PARITY',
  0x07: 'DID_ERROR',
  0x08: 'DID_RESET',
  0x09: 'DID_BAD_INTR',
  0x0a: 'DID_PASSTHROUGH',
  0x0b: 'DID_SOFT_ERROR',
  0x0c: 'DID_IMM_RETRY',
  0x0d: 'DID_REQUEUE',
  0x0e: 'DID_TRANSPORT_DISRUPTED',
  0x0f: 'DID_TRANSPORT_FAILFAST',
};

/** driver_status: DRIVER_SENSE (0x08) only says sense is present; DRIVER_TIMEOUT (0x06) is a timeout. */
export const DRIVER_STATUS_MASK = 0x0f;
export const DRIVER_TIMEOUT = 0x06;
