/**
 * Bytes of a file sent to a TCP socket by the kernel (sendfile(2)): they go from the page cache
 * to the socket with one copy, where reading them into memory first and writing that costs two.
 * A tape READ answered from a cartridge file is sent this way (fileDataIn.ts). Node has no
 * sendfile for sockets, so koffi calls libc, as the SG transport does for ioctl; where koffi or
 * libc cannot be loaded there is no sender and answers are read into memory as before.
 */
import type { Socket } from 'node:net';

const MSG_DONTWAIT = 0x40;
const MSG_MORE = 0x8000;
const EAGAIN = 11;
const EINTR = 4;

/** The subset of koffi used here, typed so the rest stays free of `any`. */
interface Koffi {
  load(path: string): { func(signature: string): (...args: unknown[]) => number | bigint };
  errno(): number;
}

/** What a socket's handle shows of its file descriptor and the writes libuv still holds (Node internals). */
interface StreamHandle {
  readonly fd?: number;
  readonly writeQueueSize?: number;
}

export interface SocketFileSender {
  /**
   * The socket's file descriptor when nothing is queued before what is sent now (Node's and
   * libuv's write queues both empty, so bytes written past them keep their order); else undefined.
   */
  idleDescriptor(socket: Socket): number | undefined;
  /** Sends what it can of `bytes` without waiting; `more`: further bytes follow at once (MSG_MORE). Bytes sent, or -1 on an error other than a full socket. */
  send(fd: number, bytes: Uint8Array, more: boolean): number;
  /** Sends what it can of `length` bytes of `fileFd` at `offset` without waiting. Bytes sent, or -1 on an error other than a full socket. */
  sendFile(fd: number, fileFd: number, offset: number, length: number): number;
}

let loading: Promise<SocketFileSender | undefined> | undefined;
let loaded: SocketFileSender | undefined;

/** The sender once loaded (load() started it); undefined before, or where it cannot be. */
export function socketFileSender(): SocketFileSender | undefined {
  return loaded;
}

/** Loads koffi and libc's send/sendfile once per process; resolves undefined where they cannot be had. */
export function loadSocketFileSender(): Promise<SocketFileSender | undefined> {
  loading ??= load().then((sender) => (loaded = sender));
  return loading;
}

async function load(): Promise<SocketFileSender | undefined> {
  if (process.platform !== 'linux') return undefined;
  try {
    const koffi = (await import('koffi')).default as unknown as Koffi;
    const libc = koffi.load('libc.so.6');
    const send = libc.func('long send(int fd, const void *buf, unsigned long len, int flags)');
    const sendfile = libc.func('long sendfile(int out_fd, int in_fd, _Inout_ int64_t *offset, unsigned long count)');
    // A socket that cannot take more now is no error: the caller writes the rest the usual way.
    const outcome = (n: number | bigint): number => {
      const sent = Number(n);
      if (sent >= 0) return sent;
      const errno = koffi.errno();
      return errno === EAGAIN || errno === EINTR ? 0 : -1;
    };
    return {
      idleDescriptor(socket) {
        const handle = (socket as unknown as { _handle?: StreamHandle | null })._handle;
        if (handle?.fd === undefined || handle.fd < 0 || socket.writableLength !== 0 || handle.writeQueueSize !== 0 || socket.destroyed) return undefined;
        return handle.fd;
      },
      send: (fd, bytes, more) => outcome(send(fd, bytes, bytes.length, MSG_DONTWAIT | (more ? MSG_MORE : 0))),
      sendFile: (fd, fileFd, offset, length) => outcome(sendfile(fd, fileFd, [offset], length)),
    };
  } catch {
    return undefined;
  }
}
