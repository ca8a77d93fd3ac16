import type { Socket } from 'node:net';
import { canAnswerAtOnce, type ScsiResult } from '../../scsi/device.ts';
import { Opcode as ScsiOpcode } from '../../scsi/opcodes.ts';
import { SENSE } from '../../scsi/sense/senseConditions.ts';
import { ScsiStatus } from '../../scsi/status.ts';
import { BufferPool } from '../bufferPool.ts';
import { NO_DIGESTS, type DigestSettings } from '../frame.ts';
import { FrameReader, LOGIN_READER_SETTINGS } from '../frameReader.ts';
import { LoginFailure, LoginStatus } from '../login/loginStatus.ts';
import { TargetLogin, type CompletedLogin, type TargetLoginContext } from '../login/targetLogin.ts';
import { RESERVED_TAG } from '../opcodes.ts';
import { IscsiPduError, RejectReason, type RejectReasonCode } from '../pduError.ts';
import type {
  DataOut, LoginRequest, LogoutRequest, NopOut, Pdu, ScsiCommand, TargetPdu, TaskManagementRequest, TextRequest,
} from '../pdus.ts';
import { serialAdd } from '../serial.ts';
import { framePdu } from '../serializer.ts';
import { writeFrames } from '../frameWriter.ts';
import { TmfFunction, TmfResponse } from '../taskManagement.ts';
import { planDataIn } from './dataInPlan.ts';
import { readInPlace } from './readInPlace.ts';
import { answerForUnknownLun, answerReportLuns, checkCondition } from './lunInventory.ts';
import { ScsiTask, type DataOutProgress } from './scsiTask.ts';
import { performTaskManagement } from './taskManagementFunctions.ts';
import type { ServedTarget, Session } from './session.ts';
import { TextExchange } from './textExchange.ts';

/** What a connection needs from the IscsiTarget that accepted it. */
export interface ConnectionHost {
  readonly loginContext: Omit<TargetLoginContext, 'admit'>;
  readonly loginTimeoutMs: number;
  readonly nopInIntervalMs: number;
  readonly nopInTimeoutMs: number;
  readonly maxWriteLength: number;
  targetNames(): readonly string[];
  /** Registers the session of a completed login (reinstating an older one with the same ISID) and returns its TSIH. */
  admit(connection: TargetConnection, login: CompletedLogin): Session;
  /** A login this connection carried was refused (the Login Response is sent, the connection closing). */
  loginRefused(connection: TargetConnection, failure: LoginFailure): void;
  /** The connection is gone; forget its session. */
  released(connection: TargetConnection): void;
  /** Live full-feature connections of one target (for task management across sessions). */
  connectionsOf(targetName: string): readonly TargetConnection[];
  log(level: 'info' | 'warn', message: string): void;
}

type Phase = 'login' | 'full-feature' | 'logged-out' | 'closed';

interface Residual {
  readonly residual: number;
  readonly overflow: boolean;
  readonly underflow: boolean;
}

const NO_BYTES = new Uint8Array(0);

/**
 * One TCP connection at the target: login, then full feature phase. Everything it receives goes
 * through the frame reader; a PDU it cannot use is answered with a Reject (when its header can be
 * trusted) and the connection is dropped — never the process, never another session. Sessions
 * have exactly one connection (MaxConnections=1), so this object also carries the session's
 * StatSN and its end.
 */
export class TargetConnection {
  /** The socket this connection reads and writes: it took over the accepted one's handle (readInPlace). */
  readonly socket: Socket;
  /** The socket the server accepted: what the target's admission counts this connection under. */
  readonly accepted: Socket;
  private readonly host: ConnectionHost;
  /** Large PDUs the socket cut are joined here; write data comes back once its device answered. */
  private readonly pool = new BufferPool();
  private readonly reader = new FrameReader('initiator', LOGIN_READER_SETTINGS, this.pool);
  private readonly login: TargetLogin;
  private phase: Phase = 'login';
  private digests: DigestSettings = NO_DIGESTS;
  private statSN = 0;
  private peerMaxSegment = 8192;
  private nextTag = 1;
  private text: TextExchange | undefined;
  session: Session | undefined;
  private loginTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  /** The Target Transfer Tag of the NOP-In still waiting for its answer. */
  private outstandingPing: number | undefined;
  private pingDeadline: NodeJS.Timeout | undefined;
  private released = false;
  readonly closed: Promise<void>;

  /** `accepted`: a socket the target's server accepted, not yet reading (pauseOnConnect). */
  constructor(accepted: Socket, host: ConnectionHost) {
    const socket = readInPlace(accepted, { buffer: () => this.reader.receiveBuffer(), received: (length) => this.receive(length) });
    this.socket = socket;
    this.accepted = accepted;
    this.host = host;
    this.login = new TargetLogin({ ...host.loginContext, admit: (login) => this.admit(login) });
    socket.setNoDelay(true);
    this.closed = new Promise((resolve) => socket.once('close', () => {
      this.release('connection closed');
      resolve();
    }));
    socket.on('error', (e) => this.host.log('warn', `iSCSI connection ${this.peer}: ${e.message}`));
    this.loginTimer = setTimeout(() => this.drop('login not completed in time'), host.loginTimeoutMs);
    this.loginTimer.unref();
  }

  get peer(): string {
    return `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? '?'}`;
  }

  get inFullFeaturePhase(): boolean {
    return this.phase === 'full-feature';
  }

  /** A socket read put `length` bytes where the reader asked for them. */
  private receive(length: number): void {
    if (this.phase === 'closed' || this.phase === 'logged-out') return;
    this.reader.received(length);
    // Each read consumes at least one header, so this ends with the buffered bytes.
    while (this.phase === 'login' || this.phase === 'full-feature') {
      let pdu: Pdu | undefined;
      try {
        pdu = this.reader.read();
      } catch (e) {
        return this.failed(e, undefined);
      }
      if (pdu === undefined) return;
      try {
        this.dispatch(pdu);
      } catch (e) {
        return this.failed(e, this.reader.lastHeader);
      }
    }
  }

  /** `header`: the PDU being handled, when the error came after parsing it. */
  private failed(e: unknown, header: Uint8Array | undefined): void {
    if (e instanceof IscsiPduError) {
      const quoted = e.header ?? header;
      if (this.phase === 'full-feature' && quoted !== undefined) this.reject(e.reason, quoted);
      this.drop(`malformed PDU: ${e.message}`);
      return;
    }
    this.host.log('warn', `iSCSI connection ${this.peer}: internal error ${(e as Error)?.stack ?? String(e)}`);
    this.drop('internal error');
  }

  private dispatch(pdu: Pdu): void {
    if (this.phase === 'login') {
      if (pdu.kind !== 'login-request') throw new IscsiPduError(RejectReason.ProtocolError, `${pdu.kind} during login`);
      this.onLogin(pdu);
      return;
    }
    const session = this.session as Session;
    switch (pdu.kind) {
      case 'nop-out': return this.onNopOut(pdu, session);
      case 'scsi-command':
        if (session.sessionType === 'Discovery') throw new IscsiPduError(RejectReason.ProtocolError, 'SCSI command in a discovery session');
        session.order(pdu, () => this.onCommand(pdu, session));
        return;
      case 'data-out': return this.onDataOut(pdu, session);
      case 'task-management-request':
        if (session.sessionType === 'Discovery') throw new IscsiPduError(RejectReason.ProtocolError, 'task management in a discovery session');
        session.order(pdu, () => void this.onTaskManagement(pdu, session));
        return;
      case 'text-request':
        session.order(pdu, () => this.onText(pdu, session));
        return;
      case 'logout-request':
        session.order(pdu, () => this.onLogout(pdu, session));
        return;
      case 'snack-request':
        // ErrorRecoveryLevel 0: nothing to retransmit from. The SNACK is refused, the connection kept.
        this.reject(RejectReason.CommandNotSupported, this.reader.lastHeader ?? new Uint8Array(48));
        return;
      case 'login-request':
        throw new IscsiPduError(RejectReason.ProtocolError, 'Login Request in full feature phase');
      default:
        throw new IscsiPduError(RejectReason.ProtocolError, `${pdu.kind} is not sent by an initiator`);
    }
  }

  // ---- login -------------------------------------------------------------------------------

  private onLogin(request: LoginRequest): void {
    const step = this.login.handle(request);
    this.send(step.response);
    if (step.kind === 'failed') {
      this.host.loginRefused(this, step.failure);
      this.endGracefully();
    } else if (step.kind === 'complete') {
      this.enterFullFeaturePhase(step.login);
    }
  }

  private admit(login: CompletedLogin): number {
    if (this.phase !== 'login') throw new LoginFailure(LoginStatus.InitiatorError, 'login already complete');
    this.session = this.host.admit(this, login);
    return this.session.tsih;
  }

  private enterFullFeaturePhase(login: CompletedLogin): void {
    const parameters = login.parameters;
    this.phase = 'full-feature';
    clearTimeout(this.loginTimer);
    this.statSN = login.nextStatSN;
    this.peerMaxSegment = parameters.initiatorMaxRecvDataSegmentLength;
    // Digests and our segment limit apply from the first PDU after the final Login Response.
    this.digests = { header: parameters.headerDigest, data: parameters.dataDigest };
    this.reader.settings = { ...this.digests, maxDataSegmentLength: parameters.targetMaxRecvDataSegmentLength };
    this.host.log('info', `iSCSI ${login.sessionType} session ${this.session?.tsih} for ${login.initiatorName} from ${this.peer}`);
    if (this.host.nopInIntervalMs > 0) {
      this.pingTimer = setInterval(() => this.ping(), this.host.nopInIntervalMs);
      this.pingTimer.unref();
    }
  }

  // ---- sending -----------------------------------------------------------------------------

  private send(pdu: TargetPdu): void {
    if (this.phase === 'closed' || this.socket.destroyed) return;
    writeFrames(this.socket, [framePdu(pdu)], this.digests, undefined, this.pool);
  }

  /**
   * The PDUs of one answer (Data-In and status) written together (frameWriter.ts): the initiator is
   * woken once, the data never copied. `written` runs once the socket has taken every byte (or
   * will never take them: a closed connection).
   */
  private sendTogether(pdus: readonly TargetPdu[], written?: () => void): void {
    if (this.phase === 'closed' || this.socket.destroyed) {
      written?.();
      return;
    }
    writeFrames(this.socket, pdus.map(framePdu), this.digests, written, this.pool);
  }

  /** StatSN for a status-bearing PDU: each one takes the next number. */
  private takeStatSN(): number {
    const statSN = this.statSN;
    this.statSN = serialAdd(this.statSN, 1);
    return statSN;
  }

  private window(): { expCmdSN: number; maxCmdSN: number } {
    const session = this.session as Session;
    return { expCmdSN: session.expCmdSN, maxCmdSN: session.maxCmdSN };
  }

  private reject(reason: RejectReasonCode, header: Uint8Array): void {
    if (this.session === undefined) return;
    this.send({ kind: 'reject', reason, statSN: this.takeStatSN(), ...this.window(), dataSNOrR2TSN: 0, data: header });
  }

  // ---- NOP ---------------------------------------------------------------------------------

  private onNopOut(pdu: NopOut, session: Session): void {
    if (pdu.targetTransferTag !== RESERVED_TAG) {
      // The answer to our ping.
      if (this.outstandingPing === pdu.targetTransferTag) {
        this.outstandingPing = undefined;
        clearTimeout(this.pingDeadline);
      }
      return;
    }
    if (pdu.initiatorTaskTag === RESERVED_TAG) return; // a ping that wants no answer
    session.order(pdu, () => {
      this.send({
        kind: 'nop-in', lun: pdu.lun, initiatorTaskTag: pdu.initiatorTaskTag, targetTransferTag: RESERVED_TAG, statSN: this.takeStatSN(), ...this.window(),
        data: pdu.data.subarray(0, this.peerMaxSegment),
      });
    });
  }

  /**
   * Asks the initiator to answer (NOP-In with a Target Transfer Tag). Only the answer proves it
   * alive: other traffic could be a peer that sends and never reads. One without an answer in time
   * loses its connection, and the session's places go back to its address.
   */
  private ping(): void {
    if (this.phase !== 'full-feature' || this.outstandingPing !== undefined) return;
    const tag = this.allocateTag();
    this.outstandingPing = tag;
    this.pingDeadline = setTimeout(() => this.drop(`no answer to NOP-In within ${this.host.nopInTimeoutMs} ms`), this.host.nopInTimeoutMs);
    this.pingDeadline.unref();
    // A target ping carries the current StatSN without using it up (RFC 7143 §11.19).
    this.send({ kind: 'nop-in', lun: 0n, initiatorTaskTag: RESERVED_TAG, targetTransferTag: tag, statSN: this.statSN, ...this.window(), data: new Uint8Array(0) });
  }

  /** allocateTag for a ScsiTask, made once rather than a closure per command. */
  private readonly tagSource = (): number => this.allocateTag();

  private allocateTag(): number {
    const tag = this.nextTag;
    this.nextTag = this.nextTag >= 0x7fffffff ? 1 : this.nextTag + 1;
    return tag;
  }

  // ---- SCSI commands -------------------------------------------------------------------------

  private onCommand(command: ScsiCommand, session: Session): void {
    if (session.tasks.has(command.initiatorTaskTag)) {
      this.reject(RejectReason.TaskInProgress, this.reader.lastHeader ?? new Uint8Array(48));
      return;
    }
    if (command.write && command.expectedDataTransferLength > this.host.maxWriteLength) {
      // Refuse before allocating a buffer the initiator asked for; its data is then ignored.
      this.sendStatus(command.initiatorTaskTag, checkCondition(SENSE.INVALID_FIELD_IN_CDB), { residual: 0, underflow: false, overflow: false }, 0);
      return;
    }
    const task = new ScsiTask(command, session.parameters, this.pool);
    const progress = task.begin(this.tagSource, session.parameters.maxBurstLength);
    // A task is registered while it is in progress (waiting for data or for the device): one the device answers at once never is.
    if (progress.kind === 'complete') {
      this.execute(task, session);
      return;
    }
    session.tasks.set(task.initiatorTaskTag, task);
    this.advance(task, progress, session);
  }

  private onDataOut(pdu: DataOut, session: Session): void {
    const task = session.tasks.get(pdu.initiatorTaskTag);
    // Data for a task already answered or aborted is dropped, as ERL 0 allows.
    if (task === undefined || task.aborted) return;
    this.advance(task, task.accept(pdu, this.tagSource, session.parameters.maxBurstLength), session);
  }

  private advance(task: ScsiTask, progress: DataOutProgress, session: Session): void {
    if (progress.kind === 'send-r2t') {
      const r2t = progress.r2t;
      this.send({ kind: 'r2t', lun: task.lunField, initiatorTaskTag: task.initiatorTaskTag, statSN: this.statSN, ...this.window(), ...r2t });
    } else if (progress.kind === 'complete') {
      this.execute(task, session);
    }
  }

  /** Runs the task; an answer the device has at once is sent in this same turn, a later one when it comes. */
  private execute(task: ScsiTask, session: Session): void {
    let answer: ScsiResult | Promise<ScsiResult>;
    try {
      answer = this.run(task, session);
    } catch (e) {
      this.failed(e, undefined);
      return;
    }
    if (!(answer instanceof Promise)) {
      this.finish(task, session, answer);
      return;
    }
    session.tasks.set(task.initiatorTaskTag, task);
    answer.then(
      (result) => this.finish(task, session, result),
      (e: unknown) => this.finish(task, session, this.deviceFailed(task, session, e)),
    );
  }

  private finish(task: ScsiTask, session: Session, result: ScsiResult): void {
    if (task.aborted || this.phase !== 'full-feature') {
      // Never sent: what the answer's data sits in is free at once.
      task.releaseDataIn();
      return;
    }
    session.tasks.delete(task.initiatorTaskTag);
    try {
      this.sendResult(task, result);
    } catch (e) {
      this.failed(e, undefined);
    }
    task.releaseData(result.dataIn);
  }

  /** The device's answer (or the target's own, for REPORT LUNS and unknown LUNs). */
  private run(task: ScsiTask, session: Session): ScsiResult | Promise<ScsiResult> {
    const target = session.target as ServedTarget;
    const device = task.lun === undefined ? undefined : target.luns.get(task.lun);
    if (device === undefined || task.lun === undefined) return answerForUnknownLun(task.cdb, [...target.luns.keys()]);
    // REPORT LUNS describes the target's LUN inventory, which no single device knows (SPC-4 §6.33):
    // the target answers it for every LUN, whether or not the device implements it.
    if (task.cdb[0] === ScsiOpcode.REPORT_LUNS) return answerReportLuns(task.cdb, [...target.luns.keys()]);
    const nexus = session.nexus(task.lun);
    try {
      // The task is the request: its abort signal is made only if the device looks at it.
      return canAnswerAtOnce(device) ? device.answer(nexus, task) : device.execute(nexus, task);
    } catch (e) {
      return this.deviceFailed(task, session, e);
    }
  }

  /** A device that throws instead of answering: the initiator hears 04/44/00, the log says why. */
  private deviceFailed(task: ScsiTask, session: Session, e: unknown): ScsiResult {
    if (!task.aborted) this.host.log('warn', `device on LUN ${task.lun} of ${session.target?.name} threw: ${(e as Error)?.message ?? String(e)}`);
    return checkCondition(SENSE.INTERNAL_TARGET_FAILURE);
  }

  /** Data-In PDUs, with the status in the last one when nothing else must be said (phase collapse); all in one write. */
  private sendResult(task: ScsiTask, result: ScsiResult): void {
    const data = result.dataIn.length > task.readLength ? result.dataIn.subarray(0, task.readLength) : result.dataIn;
    const overflowBy = task.read ? Math.max(0, result.dataIn.length - task.readLength) : 0;
    const underflowBy = task.readLength - data.length;
    const residual: Residual = { residual: overflowBy > 0 ? overflowBy : underflowBy, overflow: overflowBy > 0, underflow: underflowBy > 0 };
    const hasSense = result.sense !== undefined && result.sense.length > 0;
    const collapse = data.length > 0 && result.status === ScsiStatus.GOOD && !hasSense && !task.bidirectional;
    if (data.length === 0) {
      this.send(this.statusPdu(task.initiatorTaskTag, result, residual, task.expDataSN, task.bidirectional));
      return;
    }
    const session = this.session as Session;
    const pdus: TargetPdu[] = [];
    for (const segment of planDataIn(data.length, this.peerMaxSegment, session.parameters.maxBurstLength)) {
      const withStatus = collapse && segment.last;
      pdus.push({
        kind: 'data-in', final: segment.endOfSequence, acknowledge: false, hasStatus: withStatus, status: withStatus ? result.status & 0xff : 0,
        overflow: withStatus && residual.overflow, underflow: withStatus && residual.underflow, residualCount: withStatus ? residual.residual : 0,
        lun: task.lunField, initiatorTaskTag: task.initiatorTaskTag, targetTransferTag: RESERVED_TAG, statSN: withStatus ? this.takeStatSN() : 0,
        expCmdSN: session.expCmdSN, maxCmdSN: session.maxCmdSN,
        dataSN: task.dataInCount++, bufferOffset: segment.offset, data: segment.offset === 0 && segment.length === data.length ? data : data.subarray(segment.offset, segment.offset + segment.length),
      });
    }
    if (!collapse) pdus.push(this.statusPdu(task.initiatorTaskTag, result, residual, task.expDataSN, task.bidirectional));
    // The data may sit in a buffer lent to the device: it goes back to the pool once the socket has it.
    this.sendTogether(pdus, task.lentDataIn ? () => task.releaseDataIn() : undefined);
  }

  private sendStatus(itt: number, result: ScsiResult, residual: Residual, expDataSN: number): void {
    this.send(this.statusPdu(itt, result, residual, expDataSN, false));
  }

  private statusPdu(itt: number, result: ScsiResult, residual: Residual, expDataSN: number, bidi: boolean): TargetPdu {
    const session = this.session as Session;
    // A device's sense never makes the segment exceed what the initiator accepts.
    const sense = result.sense === undefined ? NO_BYTES : result.sense.subarray(0, Math.min(0xffff, this.peerMaxSegment - 2));
    return {
      kind: 'scsi-response', response: 0, status: result.status & 0xff, initiatorTaskTag: itt, snackTag: 0, statSN: this.takeStatSN(),
      expCmdSN: session.expCmdSN, maxCmdSN: session.maxCmdSN, expDataSN,
      bidirectionalReadOverflow: bidi && residual.overflow, bidirectionalReadUnderflow: bidi && residual.underflow, bidirectionalReadResidualCount: bidi ? residual.residual : 0,
      overflow: !bidi && residual.overflow, underflow: !bidi && residual.underflow, residualCount: bidi ? 0 : residual.residual,
      sense, responseData: NO_BYTES,
    };
  }

  // ---- task management -----------------------------------------------------------------------

  private async onTaskManagement(request: TaskManagementRequest, session: Session): Promise<void> {
    try {
      await this.answerTaskManagement(request, session);
    } catch (e) {
      this.failed(e, undefined);
    }
  }

  private async answerTaskManagement(request: TaskManagementRequest, session: Session): Promise<void> {
    let response: number;
    try {
      const sessions = this.host.connectionsOf((session.target as ServedTarget).name).flatMap((c) => (c.session === undefined ? [] : [c.session]));
      response = await performTaskManagement(request, session, sessions);
    } catch (e) {
      this.host.log('warn', `task management function ${request.function} failed: ${(e as Error)?.message ?? String(e)}`);
      response = TmfResponse.Rejected;
    }
    if (this.phase !== 'full-feature') return;
    this.send({ kind: 'task-management-response', response, initiatorTaskTag: request.initiatorTaskTag, statSN: this.takeStatSN(), ...this.window() });
    if (request.function === TmfFunction.TargetColdReset && response === TmfResponse.FunctionComplete) {
      // RFC 7143 §11.5.1: after a cold reset the target closes every connection of its sessions.
      for (const connection of this.host.connectionsOf((session.target as ServedTarget).name)) connection.endGracefully();
    }
  }

  // ---- text ------------------------------------------------------------------------------------

  private onText(request: TextRequest, session: Session): void {
    if (this.text === undefined || !this.text.continues(request)) {
      this.text = new TextExchange(request.initiatorTaskTag, {
        sessionType: session.sessionType,
        currentTarget: session.target?.name,
        targetNames: this.host.targetNames(),
        portal: { address: this.portalAddress(), portalGroupTag: this.host.loginContext.portalGroupTag },
        nextTag: () => this.allocateTag(),
      });
    }
    const reply = this.text.receive(request, this.peerMaxSegment);
    if (reply.declaredMaxRecvDataSegmentLength !== undefined) this.peerMaxSegment = reply.declaredMaxRecvDataSegmentLength;
    if (reply.done) this.text = undefined;
    this.send({
      kind: 'text-response', final: reply.final, continue: reply.continue, lun: request.lun, initiatorTaskTag: request.initiatorTaskTag,
      targetTransferTag: reply.targetTransferTag, statSN: this.takeStatSN(), ...this.window(), data: reply.data,
    });
  }

  private portalAddress(): string {
    const host = this.socket.localAddress ?? '127.0.0.1';
    const plain = host.startsWith('::ffff:') ? host.slice(7) : host;
    return plain.includes(':') ? `[${plain}]:${this.socket.localPort ?? 3260}` : `${plain}:${this.socket.localPort ?? 3260}`;
  }

  // ---- logout and the end --------------------------------------------------------------------

  private onLogout(request: LogoutRequest, session: Session): void {
    // 0 closes the session, 1 this connection (the same thing with one connection per session);
    // 2 (remove for recovery) needs ErrorRecoveryLevel 2.
    let response = 0;
    if (request.reasonCode === 1 && request.connectionId !== this.login.connectionId) response = 1;
    else if (request.reasonCode === 2) response = 2;
    else if (request.reasonCode > 2) response = 3;
    this.send({
      kind: 'logout-response', response, initiatorTaskTag: request.initiatorTaskTag, statSN: this.takeStatSN(), ...this.window(),
      time2Wait: session.parameters.defaultTime2Wait, time2Retain: 0,
    });
    if (response === 0) {
      this.phase = 'logged-out';
      this.endGracefully();
    }
  }

  /** Asks the initiator to log out within `seconds` (Async Message event 1), as a shutdown does. */
  requestLogout(seconds: number): void {
    if (this.phase !== 'full-feature') return;
    this.send({
      kind: 'async-message', lun: 0n, statSN: this.takeStatSN(), ...this.window(), asyncEvent: 1, asyncVCode: 0, parameter1: 0, parameter2: 0,
      parameter3: Math.min(0xffff, Math.max(0, Math.ceil(seconds))), data: new Uint8Array(0),
    });
  }

  /** Flushes what was written, then closes; the peer gets a FIN, a stubborn one a reset 2 s later. */
  endGracefully(): void {
    if (this.socket.destroyed) return;
    this.release('session ended');
    this.socket.end();
    setTimeout(() => this.socket.destroy(), 2000).unref();
  }

  /** Closes at once. */
  drop(reason: string): void {
    if (this.phase !== 'closed') this.host.log('info', `iSCSI connection ${this.peer} dropped: ${reason}`);
    this.release(reason);
    this.socket.destroy();
  }

  /** Ends the session right now (idempotent): tasks aborted, the host told, so a new login for the same ISID starts clean. */
  private release(_reason: string): void {
    if (this.released) return;
    this.released = true;
    this.phase = 'closed';
    clearTimeout(this.loginTimer);
    clearInterval(this.pingTimer);
    clearTimeout(this.pingDeadline);
    for (const task of this.session?.tasks.values() ?? []) task.abort();
    this.session?.tasks.clear();
    this.host.released(this);
  }
}
