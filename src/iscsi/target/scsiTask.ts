import type { ScsiRequest } from '../../scsi/device.ts';
import type { BufferPool } from '../bufferPool.ts';
import { decodeLun } from '../lun.ts';
import { RESERVED_TAG } from '../opcodes.ts';
import { IscsiPduError, RejectReason } from '../pduError.ts';
import type { DataOut, ScsiCommand } from '../pdus.ts';
import type { SessionParameters } from '../sessionParameters.ts';
import { trimCdb } from './lunInventory.ts';

/**
 * One SCSI command at the target, from its arrival to its status: it gathers write data in order
 * — immediate data, then unsolicited Data-Out up to FirstBurstLength, then one R2T at a time for
 * the rest (RFC 7143 §4.2.2.3–4) — and says when the device can run it. Protocol violations throw
 * IscsiPduError; the connection rejects and drops. The task is itself the ScsiRequest the device
 * runs: no request object per command, and the abort signal made only for a device that asks.
 */

export interface ReadyToTransferRequest {
  readonly targetTransferTag: number;
  readonly r2tSN: number;
  readonly bufferOffset: number;
  readonly desiredDataTransferLength: number;
}

export type DataOutProgress =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'send-r2t'; readonly r2t: ReadyToTransferRequest }
  | { readonly kind: 'complete' };

const WAITING: DataOutProgress = { kind: 'waiting' };
const COMPLETE: DataOutProgress = { kind: 'complete' };

export class ScsiTask implements ScsiRequest {
  readonly initiatorTaskTag: number;
  readonly lunField: bigint;
  /** Undefined when the LUN field uses an addressing we do not serve. */
  readonly lun: number | undefined;
  readonly cmdSN: number;
  readonly cdb: Uint8Array;
  readonly read: boolean;
  readonly write: boolean;
  /** Bytes the initiator will send (write) — the Expected Data Transfer Length. */
  readonly writeLength: number;
  /** Bytes the initiator can receive. */
  readonly readLength: number;
  readonly bidirectional: boolean;
  /** Made when a device first asks for the signal: most never do, and one per command is a measurable cost. */
  private controller: AbortController | undefined;
  private abortedByTaskManagement = false;
  /** Write data as it arrived, joined once complete: memory follows the data sent, not the length claimed. None for a read. */
  private readonly pieces: Uint8Array[] | undefined;
  private received = 0;
  private unsolicitedOpen: boolean;
  private readonly unsolicitedLimit: number;
  private r2t: ReadyToTransferRequest | undefined;
  private r2tCount = 0;
  private joined: Uint8Array | undefined;
  /** Where the connection joined this task's data PDUs, and where they go back (releaseData). */
  private readonly pool: BufferPool | undefined;
  /** Buffers lent to the device for its answer (dataInBuffer), back to the pool once it is sent. */
  private lent: Uint8Array[] | undefined;
  /** What gives back the data the device lent for its answer (borrowDataIn), once it is sent. */
  private borrowed: (() => void)[] | undefined;
  dataInCount = 0;

  constructor(command: ScsiCommand, parameters: SessionParameters, pool?: BufferPool) {
    this.pool = pool;
    this.initiatorTaskTag = command.initiatorTaskTag;
    this.lunField = command.lun;
    this.lun = decodeLun(command.lun);
    this.cmdSN = command.cmdSN;
    // A command with immediate data may have been joined in a pooled buffer that is used again
    // (releaseData): its CDB gets a copy of its own. A bare command header is never pooled.
    const cdb = trimCdb(command.cdb);
    this.cdb = command.data.length > 0 ? Uint8Array.prototype.slice.call(cdb) : cdb;
    this.read = command.read;
    this.write = command.write;
    this.bidirectional = command.read && command.write;
    this.writeLength = command.write ? command.expectedDataTransferLength : 0;
    this.readLength = !command.read ? 0 : this.bidirectional ? (command.bidirectionalReadLength ?? 0) : command.expectedDataTransferLength;
    const immediate = command.data.length;
    if (immediate > 0 && !parameters.immediateData) throw new IscsiPduError(RejectReason.ProtocolError, 'immediate data with ImmediateData=No');
    if (immediate > this.writeLength) throw new IscsiPduError(RejectReason.ProtocolError, 'more immediate data than the expected transfer length');
    if (immediate > parameters.firstBurstLength) throw new IscsiPduError(RejectReason.ProtocolError, 'immediate data longer than FirstBurstLength');
    this.pieces = command.write ? [] : undefined;
    if (immediate > 0) this.pieces?.push(command.data);
    this.received = immediate;
    // F set on the command: no unsolicited Data-Out follows (RFC 7143 §11.3.1.1).
    this.unsolicitedLimit = parameters.initialR2T ? immediate : Math.min(parameters.firstBurstLength, this.writeLength);
    this.unsolicitedOpen = !command.final && this.writeLength > 0 && this.received < this.unsolicitedLimit;
  }

  /** ExpDataSN of the SCSI Response: R2Ts and Data-Ins sent for this command. */
  get expDataSN(): number {
    return this.r2tCount + this.dataInCount;
  }

  /** The write data, joined once all of it is in (undefined for a command without the W bit). */
  get dataOut(): Uint8Array | undefined {
    if (!this.write) return undefined;
    // Data that came in one PDU (immediate data of a large burst) is used as it is, not copied.
    this.joined ??= this.pieces?.length === 1 ? this.pieces[0] : this.join(this.pieces ?? []);
    return this.joined;
  }

  private join(pieces: readonly Uint8Array[]): Uint8Array {
    if (this.pool === undefined) return Buffer.concat(pieces, this.received);
    const joined = this.pool.take(this.received);
    let at = 0;
    for (const piece of pieces) {
      joined.set(piece, at);
      at += piece.length;
      this.pool.give(piece);
    }
    this.pieces?.splice(0);
    return joined;
  }

  /**
   * The device has answered and keeps nothing of the data (ScsiRequest.dataOut): the buffers go
   * back to the pool — except one the answer itself still points into (`dataIn`, not yet sent).
   */
  releaseData(dataIn: Uint8Array): void {
    const pool = this.pool;
    if (pool === undefined || !this.write) return;
    const release = (buffer: Uint8Array | undefined): void => {
      if (buffer !== undefined && buffer.buffer !== dataIn.buffer) pool.give(buffer);
    };
    for (const piece of this.pieces ?? []) release(piece);
    release(this.joined);
    this.pieces?.splice(0);
    this.joined = undefined;
  }

  /** ScsiRequest: what the device may return. */
  get dataInLength(): number {
    return this.readLength;
  }

  /** ScsiRequest: a buffer for the answer, from the connection's pool; it goes back once the answer is sent (releaseDataIn). */
  dataInBuffer(length: number): Uint8Array {
    if (this.pool === undefined) return Buffer.allocUnsafe(length);
    const buffer = this.pool.take(length);
    (this.lent ??= []).push(buffer);
    return buffer;
  }

  /** ScsiRequest: the device's own bytes as the answer, given back once it is sent (releaseDataIn). */
  borrowDataIn(data: Uint8Array, release: () => void): Uint8Array {
    (this.borrowed ??= []).push(release);
    return data;
  }

  /** The answer has been handed to the socket (or will never be sent): the lent buffers are free, the borrowed data given back. */
  releaseDataIn(): void {
    for (const buffer of this.lent ?? []) this.pool?.give(buffer);
    this.lent = undefined;
    const borrowed = this.borrowed;
    this.borrowed = undefined;
    for (const release of borrowed ?? []) release();
  }

  /** Whether the answer's data sits in memory that must wait for the socket: a buffer lent to the device, or the device's own. */
  get lentDataIn(): boolean {
    return this.lent !== undefined || this.borrowed !== undefined;
  }

  /** What to do after the command arrived. */
  begin(nextTag: () => number, maxBurstLength: number): DataOutProgress {
    return this.progress(nextTag, maxBurstLength);
  }

  accept(pdu: DataOut, nextTag: () => number, maxBurstLength: number): DataOutProgress {
    if (!this.write) throw new IscsiPduError(RejectReason.ProtocolError, 'Data-Out for a command without the W bit');
    if (pdu.targetTransferTag === RESERVED_TAG) {
      if (!this.unsolicitedOpen) throw new IscsiPduError(RejectReason.ProtocolError, 'unsolicited Data-Out not expected');
      this.take(pdu, this.unsolicitedLimit);
      if (pdu.final || this.received >= this.unsolicitedLimit) this.unsolicitedOpen = false;
    } else {
      const r2t = this.r2t;
      if (r2t === undefined || pdu.targetTransferTag !== r2t.targetTransferTag) throw new IscsiPduError(RejectReason.InvalidPduField, 'Data-Out with an unknown Target Transfer Tag');
      const end = r2t.bufferOffset + r2t.desiredDataTransferLength;
      this.take(pdu, end);
      if (this.received === end) this.r2t = undefined;
      else if (pdu.final) throw new IscsiPduError(RejectReason.ProtocolError, 'Data-Out sequence ended before the R2T was satisfied');
    }
    return this.progress(nextTag, maxBurstLength);
  }

  private take(pdu: DataOut, limit: number): void {
    // DataPDUInOrder=Yes and DataSequenceInOrder=Yes: every PDU continues where the last one ended.
    if (pdu.bufferOffset !== this.received) throw new IscsiPduError(RejectReason.ProtocolError, `Data-Out at offset ${pdu.bufferOffset}, expected ${this.received}`);
    if (this.received + pdu.data.length > limit) throw new IscsiPduError(RejectReason.ProtocolError, 'Data-Out beyond what was expected or solicited');
    this.pieces?.push(pdu.data);
    this.received += pdu.data.length;
  }

  private progress(nextTag: () => number, maxBurstLength: number): DataOutProgress {
    if (this.received === this.writeLength) return COMPLETE;
    if (this.unsolicitedOpen || this.r2t !== undefined) return WAITING;
    const r2t: ReadyToTransferRequest = {
      targetTransferTag: nextTag(),
      r2tSN: this.r2tCount,
      bufferOffset: this.received,
      desiredDataTransferLength: Math.min(maxBurstLength, this.writeLength - this.received),
    };
    this.r2t = r2t;
    this.r2tCount++;
    return { kind: 'send-r2t', r2t };
  }

  abort(): void {
    this.abortedByTaskManagement = true;
    this.controller?.abort(new Error('task aborted by task management'));
  }

  get aborted(): boolean {
    return this.abortedByTaskManagement;
  }

  /** Aborts when task management aborts the task (or its session ends). */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.abortedByTaskManagement) this.controller.abort(new Error('task aborted by task management'));
    }
    return this.controller.signal;
  }
}
