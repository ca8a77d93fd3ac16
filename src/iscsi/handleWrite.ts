import type { Socket } from 'node:net';
import { getSystemErrorName } from 'node:util';

/**
 * Writing PDUs straight to a socket's TCP handle, past Node's Writable: the counterpart of
 * readInPlace (target/readInPlace.ts), and like it resting on Node internals with the usual path
 * kept for when they are not there.
 *
 * Why: every socket.write goes through the Writable's buffering, a write request object, the
 * completion bookkeeping and an after-write tick, even when the kernel takes the bytes at once. With
 * four drives streaming 64 KiB reads that machinery was the largest user-space cost on the
 * target's event loop (writevGeneric, onwrite, afterWriteTick, processTicksAndRejections: about
 * 7 % of the thread); handing the same chunks to the handle read 1,948 against 1,718 MB/s, seven
 * alternating rounds, each one ahead. One command's answer at a time (TEST UNIT READY, MOVE) it
 * changes nothing measurable: those are bound by wake-ups, not by this.
 *
 * Order is kept: a handle write happens only when the Writable holds nothing (nothing buffered,
 * nothing in flight, not corked), so it lands behind whatever the Writable handed over before, and
 * libuv sends the writes it holds in the order they came. A write the kernel does not take at once
 * stays queued in libuv with its chunks kept alive until it completes, as Node's own does.
 */

/** Node's stream_wrap binding, as far as it is used here. */
interface StreamWrapBinding {
  readonly WriteWrap: new () => WriteRequest;
  readonly streamBaseState: Int32Array;
  readonly kLastWriteWasAsync: number;
}

/** A write request, completed later (oncomplete) when the write waits in libuv. */
interface WriteRequest {
  oncomplete: (status: number) => void;
  /** The chunks, alive while libuv still sends from them. */
  chunks?: readonly Uint8Array[] | undefined;
}

interface TcpHandle {
  writev(request: WriteRequest, chunks: readonly Uint8Array[], allBuffers: boolean): number;
}

const binding = loadBinding();
/** Requests waiting in libuv, held here so that neither they nor their chunks are collected before they complete. */
const waiting = new Set<WriteRequest>();

function loadBinding(): StreamWrapBinding | undefined {
  // process.binding warns under --pending-deprecation: the usual path then, without the noise.
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  if (flags.includes('--pending-deprecation')) return undefined;
  try {
    const found = (process as unknown as { binding(name: string): Partial<StreamWrapBinding> }).binding('stream_wrap');
    if (typeof found.WriteWrap !== 'function' || !(found.streamBaseState instanceof Int32Array) || typeof found.kLastWriteWasAsync !== 'number') return undefined;
    return found as StreamWrapBinding;
  } catch {
    return undefined;
  }
}

/** What a failed socket.write says ("write EPIPE"), with the errno name as its code. */
function writeError(status: number): Error {
  const name = getSystemErrorName(status);
  return Object.assign(new Error(`write ${name}`), { code: name, errno: status, syscall: 'write' });
}

function tcpHandle(socket: Socket): TcpHandle | undefined {
  const handle = (socket as unknown as { _handle?: Partial<TcpHandle> | null })._handle;
  return typeof handle?.writev === 'function' ? (handle as TcpHandle) : undefined;
}

/**
 * Hands `chunks` to the socket's handle in one gathered write, or answers false (nothing written)
 * when the Writable must take them: internals missing, the socket not connected, ending or gone, or
 * the Writable holding bytes the chunks must follow. `written` is called once the kernel has every
 * byte, at once when it took them all (the chunks may be reused as soon as it returns), or when
 * the write failed, which destroys the socket as a failed socket.write does.
 */
export function writeToHandle(socket: Socket, chunks: readonly Uint8Array[], written?: () => void): boolean {
  if (binding === undefined || socket.connecting || socket.destroyed || socket.writableEnded) return false;
  if (socket.writableLength !== 0 || socket.writableCorked !== 0) return false;
  const handle = tcpHandle(socket);
  if (handle === undefined) return false;
  const request = new binding.WriteWrap();
  request.oncomplete = (status) => {
    waiting.delete(request);
    request.chunks = undefined;
    if (status < 0) socket.destroy(writeError(status));
    written?.();
  };
  const status = handle.writev(request, chunks, true);
  if (status !== 0) {
    socket.destroy(writeError(status));
    written?.();
    return true;
  }
  if (binding.streamBaseState[binding.kLastWriteWasAsync] !== 0) {
    request.chunks = chunks;
    waiting.add(request);
    return true;
  }
  written?.();
  return true;
}
