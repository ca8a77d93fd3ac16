import type { Socket } from 'node:net';
import type { DigestSettings, PduFrame } from './frame.ts';
import type { BufferPool } from './bufferPool.ts';
import { padding4 } from './bufferWriter.ts';
import { crc32c } from './crc32c.ts';
import { writeToHandle } from './handleWrite.ts';
import { DIGEST_LENGTH } from './opcodes.ts';
import { encodeFrameHead, encodeFrameParts } from './serializer.ts';

const ZERO_PAD = new Uint8Array(3);

/** Frames up to this size are joined into one buffer; larger ones are gathered (writev). */
const JOIN_LIMIT = 16 * 1024;

/**
 * Joins from this size on go into a buffer of the sender's pool: below it Buffer.concat takes
 * them from Node's shared slab; above it each would be an ArrayBuffer of its own (a 6 KiB READ
 * ELEMENT STATUS answer, every command of an inventory), external memory that V8 pays for in
 * collections.
 */
const POOLED_JOIN = Buffer.poolSize >>> 1;

/**
 * Writes the frames of PDUs that go together (a read's Data-In and status; a command and its
 * data) to a socket. Small ones are joined into one buffer, so the peer is woken once; a large
 * data segment is never copied: header, data and tail are gathered into one writev. With
 * DataDigest on, a large segment is handed to the socket before its digest is computed, so the
 * CRC runs while the bytes travel and the peer digests them as they arrive (frameReader.ts)
 * instead of both ends taking their turn. `pool`: the sender's BufferPool, for joins of a few KiB.
 * Each write goes to the socket's handle when the Writable holds nothing (handleWrite.ts), so
 * `written` may be called before this returns.
 */
export function writeFrames(socket: Socket, frames: readonly PduFrame[], digests: DigestSettings, written?: () => void, pool?: BufferPool): void {
  // Writes complete in order: the last one's callback means the socket has taken every byte.
  const done = written === undefined ? undefined : (): void => written();
  if (digests.data && frames.some((frame) => frame.data.length > JOIN_LIMIT)) {
    frames.forEach((frame, k) => writeDataBeforeDigest(socket, frame, digests, k === frames.length - 1 ? done : undefined));
    return;
  }
  const parts = frames.length === 1 ? encodeFrameParts(frames[0] as PduFrame, digests) : frames.flatMap((frame) => encodeFrameParts(frame, digests));
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  if (parts.length === 1 || length > JOIN_LIMIT) {
    writeGathered(socket, parts, done);
    return;
  }
  if (pool === undefined || length < POOLED_JOIN) {
    writeGathered(socket, [Buffer.concat(parts, length)], done);
    return;
  }
  const joined = pool.take(length);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  // Back to the pool once the socket has taken it (or failed to: the bytes are never used again).
  writeGathered(socket, [joined], () => {
    pool.give(joined);
    written?.();
  });
}

/**
 * `chunks` in order as one gathered write: to the socket's handle when it can take them
 * (handleWrite.ts), else through the Writable, corked so that the peer is woken once.
 */
function writeGathered(socket: Socket, chunks: readonly Uint8Array[], written?: () => void): void {
  if (writeToHandle(socket, chunks, written)) return;
  socket.cork();
  chunks.forEach((chunk, k) => socket.write(chunk, k === chunks.length - 1 ? written : undefined));
  socket.uncork();
}

/** Pieces of a large data segment written one by one, each digested after it is handed over. */
const DIGEST_PIECE = 64 * 1024;

/**
 * Each piece goes to the socket before its CRC is computed: on loopback the kernel hands it to
 * the peer in the same call, so the peer digests piece k while we digest piece k + 1.
 */
function writeDataBeforeDigest(socket: Socket, frame: PduFrame, digests: DigestSettings, written?: () => void): void {
  const data = frame.data;
  socket.write(encodeFrameHead(frame, digests), data.length === 0 ? written : undefined);
  if (data.length === 0) return;
  let crc = 0;
  for (let at = 0; at < data.length; at += DIGEST_PIECE) {
    const piece = data.subarray(at, Math.min(data.length, at + DIGEST_PIECE));
    socket.write(piece);
    crc = crc32c(piece, crc);
  }
  const pad = ZERO_PAD.subarray(0, padding4(data.length));
  const tail = Buffer.alloc(pad.length + DIGEST_LENGTH);
  tail.writeUInt32LE(crc32c(pad, crc), pad.length);
  socket.write(tail, written);
}
