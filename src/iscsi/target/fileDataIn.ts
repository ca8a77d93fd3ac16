/**
 * A READ's data sent straight from a file (ScsiRequest.borrowFileDataIn): a tape record goes from
 * its cartridge file to the socket by sendfile(2), one kernel copy, instead of being read into
 * memory first and written from there (two). The device answers with a stand-in for the bytes;
 * the target sends the Data-In header, then the file's bytes, then the padding. Whatever the socket
 * does not take at once is read from the file there and then, and queued the usual way behind it,
 * so nothing depends on the file once the answer has been handed over.
 */
import { readSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { FileBytes } from '../../scsi/device.ts';
import type { SocketFileSender } from './socketFileSend.ts';

/** File bytes standing behind an answer's dataIn, and that stand-in. */
export interface FileDataIn {
  readonly file: FileBytes;
  readonly standIn: Uint8Array;
}

/**
 * One zeroed buffer all stand-ins are views of: a stand-in is only ever compared and measured,
 * never sent, so it need not own memory (grown to the largest record asked).
 */
let standIns = new Uint8Array(0);

export function standInFor(length: number): Uint8Array {
  if (standIns.length < length) standIns = new Uint8Array(length);
  return standIns.subarray(0, length);
}

/** `length` bytes of `file` from `from` on (relative to its offset), into `target` (a new buffer when not given). */
export function readFileBytes(file: FileBytes, from: number, length: number, target: Uint8Array = Buffer.allocUnsafe(length)): Uint8Array {
  for (let done = 0; done < length; ) {
    const n = readSync(file.fd, target, done, length - done, file.offset + from + done);
    if (n === 0) throw new Error(`the file ended ${length - done} bytes before the record it was lent for`);
    done += n;
  }
  return target;
}

/**
 * Sends `head`, the file's bytes and `tail` (padding) in order on a socket nothing else is queued
 * on (`fd`: SocketFileSender.idleDescriptor). Throws when the socket fails (the connection must
 * go: part of a PDU may be out) or the file cannot be read.
 */
export function sendFromFile(sender: SocketFileSender, socket: Socket, fd: number, head: Uint8Array, file: FileBytes, tail: Uint8Array | undefined): void {
  const headSent = sender.send(fd, head, true);
  if (headSent < 0) throw new Error('the socket refused a Data-In header');
  if (headSent < head.length) {
    // The socket is full: the rest of the PDU waits in Node's queue like any other answer.
    socket.write(head.subarray(headSent));
    socket.write(readFileBytes(file, 0, file.length));
  } else {
    const sent = sender.sendFile(fd, file.fd, file.offset, file.length);
    if (sent < 0) throw new Error('sendfile failed on a Data-In');
    if (sent < file.length) socket.write(readFileBytes(file, sent, file.length - sent));
  }
  if (tail !== undefined && tail.length > 0) socket.write(tail);
}
