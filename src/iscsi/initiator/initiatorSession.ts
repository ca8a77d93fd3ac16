import type { ScsiResult } from '../../scsi/device.ts';
import { encodeLun } from '../lun.ts';
import { RESERVED_TAG } from '../opcodes.ts';
import type { AsyncMessage, DataIn, NopIn, ReadyToTransfer, Reject, ScsiCommand, ScsiResponse, TargetPdu, TextResponse } from '../pdus.ts';
import type { SessionParameters } from '../sessionParameters.ts';
import { TmfFunction, TmfResponse } from '../taskManagement.ts';
import { parseText, serializeText, type TextPair } from '../text/textCodec.ts';
import { CommandWindow } from './commandWindow.ts';
import { ConnectionLost } from './connectionLost.ts';
import type { InitiatorConnection } from './initiatorConnection.ts';

/**
 * Full feature phase on the initiator side, over one logged-in connection: SCSI commands with
 * their Data-In, Data-Out and R2T traffic, ABORT TASK, text requests, NOP answers and logout.
 * It keeps tags and sequence numbers right for any number of outstanding commands; the transport
 * above chooses to have one at a time.
 */

export interface SessionCommand {
  readonly lun: number;
  readonly cdb: Uint8Array;
  readonly dataOut?: Uint8Array;
  readonly dataInLength?: number;
}

/** The target answered a command with a non-zero iSCSI response or a Reject. */
export class TargetFailure extends Error {
  override readonly name = 'TargetFailure';
}

interface PendingCommand {
  readonly itt: number;
  readonly lun: bigint;
  readonly cmdSN: number;
  /** At least 16 bytes: the header's CDB field is zero-padded. */
  readonly cdb: Uint8Array;
  readonly dataOut: Uint8Array;
  /** Bytes the command may receive. */
  readonly readLength: number;
  /** Made when the first Data-In arrives, or that PDU's own data when it carries the whole transfer. */
  dataIn: Uint8Array | undefined;
  transferred: number;
  delivered: boolean;
  resolve(result: ScsiResult): void;
  reject(error: Error): void;
}

/** The result's own fields, set one by one (sense and residual only when there are some). */
type MutableResult = { -readonly [K in keyof ScsiResult]: ScsiResult[K] };

const NO_DATA = new Uint8Array(0);

/**
 * A Data-In at least this long is never inside a socket chunk with other PDUs (Node reads at most
 * 64 KiB at a time), so adopting its data keeps no unrelated bytes alive.
 */
const ADOPT_MINIMUM = 64 * 1024;

interface PendingReply {
  resolve(pdu: TargetPdu): void;
  reject(error: Error): void;
}

const MAX_CDB_LENGTH = 260;

function padCdb(cdb: Uint8Array): Uint8Array {
  const padded = new Uint8Array(Math.max(16, cdb.length));
  padded.set(cdb);
  return padded;
}

export class InitiatorSession {
  readonly parameters: SessionParameters;
  readonly tsih: number;
  private readonly connection: InitiatorConnection;
  private readonly window: CommandWindow;
  private readonly commands = new Map<number, PendingCommand>();
  private readonly replies = new Map<number, PendingReply>();
  private nextItt: number;
  private ended: Error | undefined;
  /** The target asked for a logout (Async Message event 1) or announced a drop. */
  onLogoutRequested: (seconds: number) => void = () => undefined;
  /** Called once when the connection ends. */
  onEnd: (error: Error) => void = () => undefined;

  constructor(connection: InitiatorConnection, firstCmdSN: number, firstItt: number) {
    const login = connection.login;
    if (login === undefined) throw new RangeError('connection is not logged in');
    this.connection = connection;
    this.parameters = login.parameters;
    this.tsih = login.tsih;
    this.nextItt = firstItt >>> 0;
    this.window = new CommandWindow({ cmdSN: firstCmdSN, expCmdSN: login.expCmdSN, maxCmdSN: login.maxCmdSN, statSN: login.statSN });
    connection.onPdu = (pdu) => this.receive(pdu);
    connection.onClose = (error) => this.end(error);
  }

  get isOpen(): boolean {
    return this.ended === undefined && this.connection.isOpen;
  }

  private allocateItt(): number {
    let itt = this.nextItt;
    for (let guard = 0; itt === RESERVED_TAG || this.commands.has(itt) || this.replies.has(itt); guard++) {
      if (guard > 1_000_000) throw new RangeError('no free initiator task tag');
      itt = (itt + 1) >>> 0;
    }
    this.nextItt = (itt + 1) >>> 0;
    return itt;
  }

  // ---- SCSI commands -----------------------------------------------------------------------

  /**
   * Sends one command and resolves with its result. The signal aborts it: a command already sent
   * is aborted at the target with ABORT TASK first (bounded by `abortTimeoutMs`; an unanswered
   * abort costs the connection). Rejects with the signal's reason, ConnectionLost or TargetFailure.
   */
  async execute(command: SessionCommand, signal: AbortSignal, abortTimeoutMs = 5000): Promise<ScsiResult> {
    if (command.cdb.length === 0 || command.cdb.length > MAX_CDB_LENGTH) throw new RangeError(`CDB of ${command.cdb.length} bytes`);
    this.throwIfEnded(false);
    signal.throwIfAborted();
    // Waiting costs a turn even when there is nothing to wait for: only when the window is shut.
    if (!this.window.isOpen) {
      await this.window.whenOpen(signal);
      this.throwIfEnded(false);
    }
    const pending = this.start(command);
    const outcome = new Promise<ScsiResult>((resolve, reject) => {
      pending.resolve = resolve;
      pending.reject = reject;
    });
    const onAbort = (): void => void this.abortCommand(pending, signal.reason, abortTimeoutMs);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      this.send(pending);
      return await outcome;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  private start(command: SessionCommand): PendingCommand {
    const readLength = command.dataInLength ?? 0;
    return {
      itt: this.allocateItt(),
      lun: encodeLun(command.lun),
      cmdSN: this.window.take(),
      cdb: padCdb(command.cdb),
      dataOut: command.dataOut ?? NO_DATA,
      readLength,
      dataIn: undefined,
      transferred: 0,
      delivered: false,
      resolve: () => undefined,
      reject: () => undefined,
    };
  }

  private send(pending: PendingCommand): void {
    const p = this.parameters;
    const writeLength = pending.dataOut.length;
    const readLength = pending.readLength;
    const immediate = p.immediateData ? Math.min(writeLength, p.firstBurstLength, p.targetMaxRecvDataSegmentLength) : 0;
    const unsolicited = p.initialR2T ? immediate : Math.min(writeLength, p.firstBurstLength);
    this.commands.set(pending.itt, pending);
    const command: ScsiCommand = {
      kind: 'scsi-command', immediate: false, final: unsolicited <= immediate, read: readLength > 0, write: writeLength > 0, taskAttribute: 1,
      lun: pending.lun, initiatorTaskTag: pending.itt, expectedDataTransferLength: writeLength > 0 ? writeLength : readLength,
      cmdSN: pending.cmdSN, expStatSN: this.window.expStatSN, cdb: pending.cdb,
      data: immediate === 0 ? NO_DATA : pending.dataOut.subarray(0, immediate),
    };
    const sendAll = (): void => {
      const sent = this.connection.send(readLength > 0 && writeLength > 0 ? { ...command, bidirectionalReadLength: readLength } : command);
      if (!sent) {
        this.commands.delete(pending.itt);
        pending.reject(new ConnectionLost('connection lost before the command was sent', false));
        return;
      }
      pending.delivered = true;
      if (unsolicited > immediate) this.sendData(pending, RESERVED_TAG, immediate, unsolicited - immediate);
    };
    // A command with unsolicited Data-Out goes out with it in one write; one carrying all its data is written as it is.
    if (unsolicited > immediate) this.connection.together(sendAll);
    else sendAll();
  }

  /** Data-Out PDUs for [offset, offset + length), each within the target's segment limit. */
  private sendData(pending: PendingCommand, targetTransferTag: number, offset: number, length: number): void {
    const segment = this.parameters.targetMaxRecvDataSegmentLength;
    const end = offset + length;
    let dataSN = 0;
    for (let at = offset; at < end; at += segment) {
      const piece = pending.dataOut.subarray(at, Math.min(end, at + segment));
      this.connection.send({
        kind: 'data-out', final: at + piece.length === end, lun: pending.lun, initiatorTaskTag: pending.itt, targetTransferTag,
        expStatSN: this.window.expStatSN, dataSN: dataSN++, bufferOffset: at, data: piece,
      });
    }
  }

  private async abortCommand(pending: PendingCommand, reason: unknown, abortTimeoutMs: number): Promise<void> {
    if (!this.commands.has(pending.itt)) return;
    this.commands.delete(pending.itt);
    const error = reason instanceof Error ? reason : new Error(String(reason));
    try {
      const response = await this.taskManagement(TmfFunction.AbortTask, pending.lun, pending.itt, pending.cmdSN, AbortSignal.timeout(abortTimeoutMs));
      if (response !== TmfResponse.FunctionComplete && response !== TmfResponse.TaskDoesNotExist) this.connection.destroy(`ABORT TASK answered ${response}`);
    } catch {
      // No answer to the abort: the task's state at the target is unknown, so the connection goes.
      this.connection.destroy('ABORT TASK not answered');
    }
    pending.reject(error);
  }

  /** Sends a task management request (immediate) and resolves with the target's response code. */
  async taskManagement(fn: number, lun: bigint, referencedTaskTag: number, refCmdSN: number, signal: AbortSignal): Promise<number> {
    const itt = this.allocateItt();
    const reply = this.expectReply(itt, signal);
    const sent = this.connection.send({
      kind: 'task-management-request', immediate: true, function: fn, lun, initiatorTaskTag: itt, referencedTaskTag,
      cmdSN: this.window.cmdSN, expStatSN: this.window.expStatSN, refCmdSN, expDataSN: 0,
    });
    if (!sent) this.replies.get(itt)?.reject(new ConnectionLost('connection lost', false));
    const pdu = await reply;
    if (pdu.kind !== 'task-management-response') throw new TargetFailure(`expected a task management response, got ${pdu.kind}`);
    return pdu.response;
  }

  // ---- text and logout -----------------------------------------------------------------------

  /** A text request (SendTargets …), following continued answers; resolves with all answer pairs. */
  async text(pairs: readonly TextPair[], signal: AbortSignal): Promise<TextPair[]> {
    const itt = this.allocateItt();
    const parts: Uint8Array[] = [];
    let targetTransferTag = RESERVED_TAG;
    let data: Uint8Array = serializeText(pairs);
    for (let round = 0; round < 1000; round++) {
      await this.window.whenOpen(signal);
      const reply = this.expectReply(itt, signal);
      reply.catch(() => undefined); // settled below, or abandoned when the send fails
      const sent = this.connection.send({
        kind: 'text-request', immediate: false, final: true, continue: false, lun: 0n, initiatorTaskTag: itt, targetTransferTag,
        cmdSN: this.window.take(), expStatSN: this.window.expStatSN, data,
      });
      if (!sent) throw new ConnectionLost('connection lost before the text request was sent', false);
      const response = (await reply) as TextResponse;
      if (response.kind !== 'text-response') throw new TargetFailure(`expected a text response, got ${response.kind}`);
      parts.push(response.data);
      if (response.final) return parseText(Buffer.concat(parts));
      targetTransferTag = response.targetTransferTag;
      data = new Uint8Array(0);
    }
    throw new TargetFailure('text response never ended');
  }

  /** Logs the session out (bounded by `timeoutMs`), then closes the connection. */
  async logout(timeoutMs: number): Promise<void> {
    if (!this.isOpen) return;
    const itt = this.allocateItt();
    try {
      const reply = this.expectReply(itt, AbortSignal.timeout(timeoutMs));
      reply.catch(() => undefined); // abandoned when the send fails
      const sent = this.connection.send({ kind: 'logout-request', immediate: true, reasonCode: 0, initiatorTaskTag: itt, connectionId: 0, cmdSN: this.window.cmdSN, expStatSN: this.window.expStatSN });
      if (sent) await reply;
    } catch {
      // A target that does not answer a logout is closed on anyway.
    } finally {
      this.connection.destroy('logged out');
    }
  }

  close(reason = 'session closed'): void {
    this.connection.destroy(reason);
  }

  private expectReply(itt: number, signal: AbortSignal): Promise<TargetPdu> {
    return new Promise((resolve, reject) => {
      if (this.ended !== undefined) return reject(this.ended);
      const onAbort = (): void => {
        this.replies.delete(itt);
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        this.replies.delete(itt);
        signal.removeEventListener('abort', onAbort);
      };
      this.replies.set(itt, {
        resolve: (pdu) => { done(); resolve(pdu); },
        reject: (error) => { done(); reject(error); },
      });
    });
  }

  // ---- receiving ---------------------------------------------------------------------------

  private receive(pdu: TargetPdu): void {
    if ('expCmdSN' in pdu && pdu.kind !== 'login-response') this.window.update(pdu.expCmdSN, pdu.maxCmdSN);
    switch (pdu.kind) {
      case 'data-in': return this.onDataIn(pdu);
      case 'scsi-response': return this.onResponse(pdu);
      case 'r2t': return this.onReadyToTransfer(pdu);
      case 'nop-in': return this.onNopIn(pdu);
      case 'task-management-response':
      case 'text-response':
      case 'logout-response':
        this.window.statusReceived(pdu.statSN);
        this.replies.get(pdu.initiatorTaskTag)?.resolve(pdu);
        return;
      case 'async-message': return this.onAsyncMessage(pdu);
      case 'reject': return this.onReject(pdu);
      default:
        this.connection.destroy(`unexpected ${pdu.kind} in full feature phase`);
    }
  }

  private onDataIn(pdu: DataIn): void {
    if (pdu.hasStatus) this.window.statusReceived(pdu.statSN);
    const pending = this.commands.get(pdu.initiatorTaskTag);
    if (pending === undefined) return; // an aborted command's late data
    const end = pdu.bufferOffset + pdu.data.length;
    if (end > pending.readLength) {
      this.connection.destroy(`Data-In beyond the expected length (${end} > ${pending.readLength})`);
      return;
    }
    if (pending.dataIn === undefined && pdu.bufferOffset === 0 && pdu.data.length === pending.readLength && pdu.data.length >= ADOPT_MINIMUM) {
      // One PDU with the whole transfer (a tape block with a large MaxRecvDataSegmentLength): its
      // data is a view of exactly these bytes in a frame received for it alone, so it is the result.
      pending.dataIn = pdu.data;
    } else {
      pending.dataIn ??= new Uint8Array(pending.readLength);
      pending.dataIn.set(pdu.data, pdu.bufferOffset);
    }
    pending.transferred = Math.max(pending.transferred, end);
    if (pdu.hasStatus) this.complete(pending, pdu.status, new Uint8Array(0), pdu.underflow ? pdu.residualCount : undefined);
  }

  private onResponse(pdu: ScsiResponse): void {
    this.window.statusReceived(pdu.statSN);
    const pending = this.commands.get(pdu.initiatorTaskTag);
    if (pending === undefined) return;
    if (pdu.response !== 0) {
      this.commands.delete(pending.itt);
      pending.reject(new TargetFailure(`target failure (iSCSI response ${pdu.response})`));
      return;
    }
    const bidirectional = pending.dataOut.length > 0 && pending.readLength > 0;
    const underflow = bidirectional ? pdu.bidirectionalReadUnderflow : pdu.underflow;
    const residual = bidirectional ? pdu.bidirectionalReadResidualCount : pdu.residualCount;
    this.complete(pending, pdu.status, pdu.sense, underflow && pending.readLength > 0 ? residual : undefined);
  }

  private complete(pending: PendingCommand, status: number, sense: Uint8Array, reportedResidual: number | undefined): void {
    this.commands.delete(pending.itt);
    const length = reportedResidual === undefined ? pending.transferred : Math.min(pending.transferred, Math.max(0, pending.readLength - reportedResidual));
    // The command's own buffer when it was filled, else a copy of what came (never a view that hides more bytes).
    const received = pending.dataIn ?? NO_DATA;
    const dataIn = length === received.length ? received : received.slice(0, length);
    const residual = pending.readLength - length;
    const result: MutableResult = { status, dataIn };
    if (sense.length > 0) result.sense = Uint8Array.from(sense);
    if (residual > 0) result.residual = residual;
    pending.resolve(result);
  }

  private onReadyToTransfer(pdu: ReadyToTransfer): void {
    const pending = this.commands.get(pdu.initiatorTaskTag);
    if (pending === undefined) return;
    if (pdu.bufferOffset + pdu.desiredDataTransferLength > pending.dataOut.length || pdu.desiredDataTransferLength === 0) {
      this.connection.destroy('R2T outside the command data');
      return;
    }
    this.sendData(pending, pdu.targetTransferTag, pdu.bufferOffset, pdu.desiredDataTransferLength);
  }

  private onNopIn(pdu: NopIn): void {
    if (pdu.targetTransferTag !== RESERVED_TAG) {
      // The target pings: answer with the same tag, without taking a CmdSN.
      this.connection.send({
        kind: 'nop-out', immediate: true, lun: pdu.lun, initiatorTaskTag: RESERVED_TAG, targetTransferTag: pdu.targetTransferTag,
        cmdSN: this.window.cmdSN, expStatSN: this.window.expStatSN, data: new Uint8Array(0),
      });
      return;
    }
    this.window.statusReceived(pdu.statSN);
    this.replies.get(pdu.initiatorTaskTag)?.resolve(pdu);
  }

  private onAsyncMessage(pdu: AsyncMessage): void {
    this.window.statusReceived(pdu.statSN);
    // 1: logout requested within Parameter3 seconds; 2/3: the target will drop the connection/session.
    if (pdu.asyncEvent === 1) this.onLogoutRequested(pdu.parameter3);
    else if (pdu.asyncEvent === 2 || pdu.asyncEvent === 3) this.onLogoutRequested(0);
  }

  private onReject(pdu: Reject): void {
    this.window.statusReceived(pdu.statSN);
    const itt = pdu.data.length >= 20 ? Buffer.from(pdu.data.buffer, pdu.data.byteOffset, pdu.data.byteLength).readUInt32BE(16) : RESERVED_TAG;
    const error = new TargetFailure(`target rejected a PDU (reason 0x${pdu.reason.toString(16).padStart(2, '0')})`);
    const pending = this.commands.get(itt);
    if (pending !== undefined) {
      this.commands.delete(itt);
      pending.reject(error);
    }
    this.replies.get(itt)?.reject(error);
  }

  /** Pings the target (NOP-Out with a reply wanted); resolves with the round trip in ms. */
  async ping(signal: AbortSignal): Promise<number> {
    const itt = this.allocateItt();
    const started = performance.now();
    const reply = this.expectReply(itt, signal);
    this.connection.send({ kind: 'nop-out', immediate: true, lun: 0n, initiatorTaskTag: itt, targetTransferTag: RESERVED_TAG, cmdSN: this.window.cmdSN, expStatSN: this.window.expStatSN, data: new Uint8Array(0) });
    await reply;
    return performance.now() - started;
  }

  private throwIfEnded(delivered: boolean): void {
    if (this.ended !== undefined || !this.connection.isOpen) throw new ConnectionLost(this.ended?.message ?? 'connection closed', delivered);
  }

  private end(error: Error): void {
    if (this.ended !== undefined) return;
    this.ended = error;
    for (const pending of this.commands.values()) pending.reject(new ConnectionLost(error.message, pending.delivered, { cause: error }));
    this.commands.clear();
    for (const reply of [...this.replies.values()]) reply.reject(new ConnectionLost(error.message, true, { cause: error }));
    this.replies.clear();
    this.onEnd(error);
  }
}
