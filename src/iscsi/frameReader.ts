import type { BufferPool } from './bufferPool.ts';
import { padding4 } from './bufferWriter.ts';
import { crc32c, readDigest } from './crc32c.ts';
import type { DigestSettings, PduFrame } from './frame.ts';
import { BHS_LENGTH, DIGEST_LENGTH, type PduSender } from './opcodes.ts';
import { parsePdu } from './parser.ts';
import { IscsiPduError, RejectReason } from './pduError.ts';
import type { Pdu } from './pdus.ts';

const NONE = new Uint8Array(0);

/** What the receiving side of one connection currently accepts; changes when login completes. */
export interface FrameReaderSettings extends DigestSettings {
  /** Our declared MaxRecvDataSegmentLength: a longer data segment is a protocol error. */
  readonly maxDataSegmentLength: number;
}

/** During login digests are off and data segments are limited to 8192 bytes (RFC 7143 §6.1). */
export const LOGIN_READER_SETTINGS: FrameReaderSettings = { header: false, data: false, maxDataSegmentLength: 8192 };

/** Frames at least this long that the socket cut are joined in a pool's buffer (when there is a pool). */
const POOLED_JOIN = 16 * 1024;
/**
 * The staging buffer a connection reading in place (receiveBuffer) reads headers into. Small: a
 * large frame's first read copies at most this much, and the rest lands where the frame is kept.
 */
const STAGE_BYTES = 4 * 1024;

/**
 * Splits a TCP byte stream into PDUs. Push bytes as they arrive, then call `read()` until it
 * returns undefined; settings may change between two reads (digests start with the first PDU after
 * the final Login Response). The declared data segment length is checked as soon as the header is
 * in, so a hostile length never makes us buffer more than one legal PDU. After an error the stream
 * is out of step and the reader stays failed: the caller drops the connection.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private failure: IscsiPduError | undefined;
  settings: FrameReaderSettings;
  private readonly from: PduSender;
  private readonly pool: BufferPool | undefined;
  /**
   * The data digest of the frame being received, computed as its bytes arrive: the CRC of the
   * first `digested` bytes of its padded data segment. A large segment arrives in many socket
   * reads; digesting each as it comes leaves only the last one to do when the frame is complete.
   */
  private digested = 0;
  private runningDigest = 0;
  /** Header of the last frame read, for a Reject about a PDU found wrong after parsing. */
  lastHeader: Uint8Array | undefined;
  /**
   * Reading in place (receiveBuffer/received): where reads land while no frame is under way. Bytes
   * pushed from it are borrowed — the next read overwrites them — so a frame found in it is copied
   * out, and what is left of an incomplete one is moved out before the next read.
   */
  private stage: Buffer | undefined;
  /** The frame whose header is in and whose remaining bytes the next reads put in place. */
  private landing: { readonly frame: Buffer; filled: number } | undefined;
  /** Length of the frame whose header nextFrame last checked without having all of its bytes. */
  private pendingTotal: number | undefined;

  /**
   * `from`: who sends the PDUs this reader receives. `pool`: where large frames the socket cut are
   * joined; whoever ends up owning a frame's data gives the buffer back when done with it.
   */
  constructor(from: PduSender, settings: FrameReaderSettings = LOGIN_READER_SETTINGS, pool?: BufferPool) {
    this.from = from;
    this.settings = settings;
    this.pool = pool;
  }

  get bufferedBytes(): number {
    return this.buffered + (this.landing?.filled ?? 0);
  }

  /**
   * Where the next socket read should put its bytes (a socket's `onread` buffer). With nothing under
   * way, a small staging buffer; once a frame's header is in, the rest of that frame, so a large
   * Data-Out goes from the kernel straight into the buffer it is kept in — no buffer allocated per
   * read and no second copy (Node's own per-read buffers were most of what the target allocated,
   * and their collection ran on the core the host needs). Pair with `received`.
   */
  receiveBuffer(): Buffer {
    this.unborrow();
    if (this.landing !== undefined) return this.landing.frame.subarray(this.landing.filled);
    this.stage ??= Buffer.allocUnsafeSlow(STAGE_BYTES);
    return this.stage;
  }

  /** The last read put `length` bytes at the start of the buffer `receiveBuffer` returned. */
  received(length: number): void {
    const landing = this.landing;
    if (landing === undefined) {
      this.push((this.stage as Buffer).subarray(0, length));
      return;
    }
    landing.filled += length;
    if (landing.filled < landing.frame.length) return;
    this.landing = undefined;
    this.push(landing.frame);
  }

  /**
   * Before the staging buffer is read into again: what is left in it moves out — into the buffer
   * its frame will be kept in when that frame's header is in (the next reads land there), else
   * into a copy of its own.
   */
  private unborrow(): void {
    const stage = this.stage;
    if (stage === undefined || this.buffered === 0 || !this.chunks.some((chunk) => chunk.buffer === stage.buffer)) return;
    const total = this.failure === undefined ? this.pendingTotal : undefined;
    if (total !== undefined && total > this.buffered) {
      const frame = this.allocate(total);
      this.copyBuffered(frame);
      this.landing = { frame, filled: this.buffered };
      this.chunks = [];
      this.buffered = 0;
      return;
    }
    const rest = Buffer.allocUnsafe(this.buffered);
    this.copyBuffered(rest);
    this.chunks = [rest];
  }

  private copyBuffered(into: Buffer): void {
    let at = 0;
    for (const chunk of this.chunks) {
      chunk.copy(into, at);
      at += chunk.length;
    }
  }

  private allocate(length: number): Buffer {
    return this.pool !== undefined && length >= POOLED_JOIN ? this.pool.take(length) : Buffer.allocUnsafe(length);
  }

  push(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.chunks.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.buffered += bytes.length;
  }

  /** The next complete PDU, or undefined when more bytes are needed. Throws IscsiPduError. */
  read(): Pdu | undefined {
    const frame = this.readFrame();
    if (frame === undefined) return undefined;
    try {
      return parsePdu(frame, this.from);
    } catch (e) {
      throw this.fail(e);
    }
  }

  /** The next complete frame with digests checked but fields not interpreted. */
  readFrame(): PduFrame | undefined {
    if (this.failure !== undefined) throw this.failure;
    try {
      return this.nextFrame();
    } catch (e) {
      throw this.fail(e);
    }
  }

  /** After a malformed PDU the stream is out of step: the reader stays failed. */
  private fail(e: unknown): unknown {
    if (e instanceof IscsiPduError) this.failure = e;
    return e;
  }

  private nextFrame(): PduFrame | undefined {
    this.pendingTotal = undefined;
    if (this.buffered < BHS_LENGTH) return undefined;
    const header = this.peek(BHS_LENGTH);
    const ahsLength = (header[4] as number) * 4;
    const headerDigestLength = this.settings.header ? DIGEST_LENGTH : 0;
    const headerPartLength = BHS_LENGTH + ahsLength + headerDigestLength;
    if (this.settings.header) {
      if (this.buffered < headerPartLength) return undefined;
      const headerPart = this.peek(headerPartLength);
      const expected = crc32c(headerPart.subarray(0, BHS_LENGTH + ahsLength));
      // The header is untrustworthy, so no Reject can quote it (no header on the error).
      if (readDigest(headerPart, BHS_LENGTH + ahsLength) !== expected) throw new IscsiPduError(RejectReason.ProtocolError, 'header digest mismatch');
    }
    const dataLength = ((header[5] as number) << 16) | ((header[6] as number) << 8) | (header[7] as number);
    if (dataLength > this.settings.maxDataSegmentLength) {
      throw new IscsiPduError(RejectReason.ProtocolError, `data segment of ${dataLength} bytes exceeds MaxRecvDataSegmentLength ${this.settings.maxDataSegmentLength}`, Buffer.from(header));
    }
    const dataDigestLength = this.settings.data && dataLength > 0 ? DIGEST_LENGTH : 0;
    const paddedLength = dataLength + padding4(dataLength);
    const total = headerPartLength + paddedLength + dataDigestLength;
    if (dataDigestLength > 0) this.digestArrived(headerPartLength, Math.min(this.buffered, headerPartLength + paddedLength));
    if (this.buffered < total) {
      this.pendingTotal = total;
      return undefined;
    }
    const bytes = this.owned(this.take(total));
    const dataDigest = this.runningDigest;
    this.digested = 0;
    this.runningDigest = 0;
    if (total === BHS_LENGTH) {
      // A bare header (most commands, every NOP): the bytes as they are.
      this.lastHeader = bytes;
      return { header: bytes, additionalHeaders: NONE, data: NONE };
    }
    const dataStart = headerPartLength;
    const paddedData = bytes.subarray(dataStart, dataStart + dataLength + padding4(dataLength));
    if (dataDigestLength > 0 && readDigest(bytes, dataStart + paddedData.length) !== dataDigest) {
      throw new IscsiPduError(RejectReason.DataDigestError, 'data digest mismatch', Buffer.from(bytes.subarray(0, BHS_LENGTH)));
    }
    const basicHeader = bytes.subarray(0, BHS_LENGTH);
    this.lastHeader = basicHeader;
    return {
      header: basicHeader,
      additionalHeaders: ahsLength === 0 ? NONE : bytes.subarray(BHS_LENGTH, BHS_LENGTH + ahsLength),
      data: dataLength === 0 ? NONE : paddedData.subarray(0, dataLength),
    };
  }

  /** Extends the running data digest over the buffered bytes [dataStart + digested, end) of the current frame. */
  private digestArrived(dataStart: number, end: number): void {
    let next = dataStart + this.digested;
    let offset = 0;
    for (const chunk of this.chunks) {
      if (next >= end) break;
      const chunkEnd = offset + chunk.length;
      if (chunkEnd > next) {
        const to = Math.min(chunkEnd, end);
        this.runningDigest = crc32c(chunk.subarray(next - offset, to - offset), this.runningDigest);
        next = to;
      }
      offset = chunkEnd;
    }
    this.digested = next - dataStart;
  }

  /** The first `count` buffered bytes as one contiguous buffer, without consuming them. */
  private peek(count: number): Buffer {
    const first = this.chunks[0] as Buffer;
    if (first.length >= count) return first.length === count ? first : first.subarray(0, count);
    // Exactly these bytes are joined; what follows them (the next PDUs) stays where it is, so a
    // received byte is copied once, however the socket cut the stream.
    const joined = this.allocate(count);
    let at = 0;
    let used = 0;
    while (at < count) {
      const chunk = this.chunks[used] as Buffer;
      const length = Math.min(chunk.length, count - at);
      chunk.copy(joined, at, 0, length);
      at += length;
      if (length === chunk.length) used++;
      else this.chunks[used] = chunk.subarray(length);
    }
    this.chunks.splice(0, used, joined);
    return joined;
  }

  /** A frame still in the staging buffer is copied out: the next read overwrites it. */
  private owned(frame: Buffer): Buffer {
    if (this.stage === undefined || frame.buffer !== this.stage.buffer) return frame;
    const copy = this.allocate(frame.length);
    frame.copy(copy);
    return copy;
  }

  /**
   * Removes and returns the first `count` bytes, as a view: frames never overlap, and nothing
   * writes into received bytes, so a copy per PDU would only cost (a 64 KiB Data-Out included).
   */
  private take(count: number): Buffer {
    const joined = this.peek(count);
    const first = this.chunks[0] as Buffer;
    if (first.length === count) this.chunks.shift();
    else this.chunks[0] = first.subarray(count);
    this.buffered -= count;
    return joined.length === count ? joined : joined.subarray(0, count);
  }
}
