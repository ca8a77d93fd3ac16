import { closeSync, openSync, constants as fsConstants } from 'node:fs';
import { resolveSgDevice } from './sgDeviceName.ts';
import { ChangerError } from '../../shared/changerError.ts';
import type { ScsiRequest, ScsiResult } from '../../scsi/device.ts';
import type { ScsiTransport } from '../scsiTransport.ts';
import {
  decodeSgIoResult, DRIVER_STATUS_MASK, DRIVER_TIMEOUT, encodeSgIoHeader, HostStatus, SG_IO, SgDxferDirection,
} from './sgIoHeader.ts';

const SENSE_MAX = 252;
const DEFAULT_TIMEOUT_MS = 600_000;

/** The subset of koffi this transport uses, typed here so the rest stays free of `any`. */
interface Koffi {
  load(path: string): { func(signature: string): AsyncCallable };
  alloc(type: string, length: number): unknown;
  free(pointer: unknown): void;
  address(pointer: unknown): bigint;
  encode(pointer: unknown, type: string, value: number[], length: number): void;
  decode(pointer: unknown, type: string, length: number): number[];
}
interface AsyncCallable {
  async(...args: unknown[]): void;
}

/**
 * SCSI commands through Linux SG_IO on /dev/sgN, with koffi calling ioctl(2) on a worker thread
 * (a MOVE MEDIUM may take minutes; the event loop must not wait with it). Only usable on Linux
 * with the sg driver — checked in the Linux guest of the interop harness, not on this host.
 */
export class SgTransport implements ScsiTransport {
  private constructor(private readonly fd: number, private readonly koffi: Koffi, private readonly ioctl: AsyncCallable, readonly description: string) {}

  static async open(path: string): Promise<SgTransport> {
    if (process.platform !== 'linux') throw new ChangerError('NO_SUCH_DEVICE', `sg:${path}: SG_IO exists only on Linux`);
    // sg:serial=… and by-id links name the same changer after every boot; sgN numbers do not.
    const device = await resolveSgDevice(path);
    const koffi = (await import('koffi')).default as unknown as Koffi;
    let fd: number;
    try {
      fd = openSync(device, fsConstants.O_RDWR);
    } catch (e) {
      const named = device === path ? device : `${device} (sg:${path})`;
      throw new ChangerError('NO_SUCH_DEVICE', `cannot open ${named}: ${(e as Error).message} (is the sg module loaded, and may this user read and write it? docs/service.md)`, { cause: e });
    }
    const libc = koffi.load('libc.so.6');
    const ioctl = libc.func('int ioctl(int fd, unsigned long request, _Inout_ uint8_t *arg)');
    return new SgTransport(fd, koffi, ioctl, `sg:${path}`);
  }

  async execute(request: ScsiRequest): Promise<ScsiResult> {
    const k = this.koffi;
    const dataOut = request.dataOut;
    const inLength = request.dataInLength ?? 0;
    const direction = dataOut !== undefined && dataOut.length > 0 ? SgDxferDirection.ToDevice : inLength > 0 ? SgDxferDirection.FromDevice : SgDxferDirection.None;
    const dataLength = direction === SgDxferDirection.ToDevice ? (dataOut?.length ?? 0) : direction === SgDxferDirection.FromDevice ? inLength : 0;
    const cdb = k.alloc('uint8_t', Math.max(request.cdb.length, 1));
    const sense = k.alloc('uint8_t', SENSE_MAX);
    const data = k.alloc('uint8_t', Math.max(dataLength, 1));
    try {
      k.encode(cdb, 'uint8_t', Array.from(request.cdb), request.cdb.length);
      if (direction === SgDxferDirection.ToDevice && dataOut !== undefined) k.encode(data, 'uint8_t', Array.from(dataOut), dataOut.length);
      const header = encodeSgIoHeader({
        direction, cmdLength: request.cdb.length, maxSenseLength: SENSE_MAX, dxferLength: dataLength,
        dxferAddress: k.address(data), cmdAddress: k.address(cdb), senseAddress: k.address(sense),
        timeoutMs: request.timeoutMs ?? DEFAULT_TIMEOUT_MS, packId: 0,
      });
      const rc = await new Promise<number>((resolve, reject) => {
        this.ioctl.async(this.fd, SG_IO, header, (err: Error | null, value: number) => (err ? reject(err) : resolve(value)));
      });
      if (rc !== 0) throw new ChangerError('IO_DEVICE_ERROR', `${this.description}: SG_IO ioctl failed (rc ${rc})`);
      const r = decodeSgIoResult(header);
      if ((r.driverStatus & DRIVER_STATUS_MASK) === DRIVER_TIMEOUT || r.hostStatus === 0x03) {
        throw new ChangerError('TIMEOUT', `${this.description}: command ${hex(request.cdb[0])} timed out after ${request.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`);
      }
      if (r.hostStatus !== 0) {
        throw new ChangerError('DEVICE_NOT_CONNECTED', `${this.description}: host adapter status ${HostStatus[r.hostStatus] ?? hex(r.hostStatus)}`);
      }
      const transferred = direction === SgDxferDirection.FromDevice ? Math.max(0, dataLength - r.residual) : 0;
      return {
        status: r.status,
        dataIn: transferred > 0 ? Uint8Array.from(k.decode(data, 'uint8_t', transferred)) : new Uint8Array(0),
        ...(r.senseLengthWritten > 0 ? { sense: Uint8Array.from(k.decode(sense, 'uint8_t', r.senseLengthWritten)) } : {}),
        residual: r.residual,
      };
    } finally {
      k.free(cdb);
      k.free(sense);
      k.free(data);
    }
  }

  async close(): Promise<void> {
    closeSync(this.fd);
  }
}

function hex(v: number | undefined): string {
  return '0x' + (v ?? 0).toString(16).padStart(2, '0');
}
