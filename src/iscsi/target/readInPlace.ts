import { Socket } from 'node:net';

/**
 * Where a connection wants its socket's bytes: `buffer()` is asked before every read, and
 * `received(length)` told how much the read put at its start (see FrameReader.receiveBuffer).
 */
export interface InPlaceReceiver {
  buffer(): Uint8Array;
  received(length: number): void;
}

/** What an accepted socket is underneath: Node's TCP handle, which a new Socket can take over. */
interface HandleOwner {
  _handle: object | null;
}

function hasHandle(socket: Socket): socket is Socket & HandleOwner {
  const handle = (socket as Partial<HandleOwner>)._handle;
  return typeof handle === 'object' && handle !== null;
}

/**
 * The socket a server accepted (paused: `pauseOnConnect`), made to read into the receiver's buffers.
 *
 * Why: a socket that emits 'data' gets a fresh 64 KiB buffer from Node for every read, and one
 * shortened by a copy when the read was short. Streaming 64 KiB tape writes to four drives, that
 * garbage and its collection (on V8's helper threads, on the core the host also needs) were a
 * third of the target process's CPU. Node reads into a caller's buffers only for sockets it makes
 * with the `onread` option, which a server does not offer for the sockets it accepts; so the
 * accepted socket's TCP handle moves to a new Socket made with that option, and the accepted one,
 * left without a handle, is destroyed — that is also how its server stops counting it.
 *
 * When the accepted socket has no handle to move (not a TCP socket Node accepted), it stays as it
 * is and its 'data' chunks are copied into the receiver's buffers: slower, the same bytes.
 */
export function readInPlace(accepted: Socket, receiver: InPlaceReceiver): Socket {
  if (!hasHandle(accepted)) return copyingInto(accepted, receiver);
  const handle = accepted._handle;
  accepted._handle = null;
  const socket = new Socket({
    handle,
    readable: true,
    writable: true,
    onread: { buffer: () => receiver.buffer(), callback: (length: number) => void receiver.received(length) },
  } as ConstructorParameters<typeof Socket>[0] & { handle: object });
  accepted.destroy();
  return socket;
}

function copyingInto(socket: Socket, receiver: InPlaceReceiver): Socket {
  socket.on('data', (chunk: Buffer) => {
    for (let at = 0; at < chunk.length;) {
      const into = receiver.buffer();
      const length = Math.min(into.length, chunk.length - at);
      into.set(chunk.subarray(at, at + length));
      at += length;
      receiver.received(length);
    }
  });
  socket.resume();
  return socket;
}
