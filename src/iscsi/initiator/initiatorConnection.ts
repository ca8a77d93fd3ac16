import { connect, type Socket } from 'node:net';
import { NO_DIGESTS, type DigestSettings } from '../frame.ts';
import { FrameReader, LOGIN_READER_SETTINGS } from '../frameReader.ts';
import { InitiatorLogin, type InitiatorLoginOptions, type InitiatorLoginResult } from '../login/initiatorLogin.ts';
import { IscsiPduError } from '../pduError.ts';
import type { InitiatorPdu, TargetPdu } from '../pdus.ts';
import { framePdu } from '../serializer.ts';
import { writeFrames } from '../frameWriter.ts';
import { ConnectionLost } from './connectionLost.ts';

/**
 * One initiator TCP connection: connect, log in, then carry PDUs both ways. Login responses are
 * handled inside the data callback, synchronously, so the digests and segment limit negotiated
 * apply from exactly the first full-feature PDU even when it arrives in the same TCP segment.
 */

export interface InitiatorConnectionOptions {
  readonly host: string;
  readonly port: number;
  /** Bounds the TCP connect and the whole login. */
  readonly timeoutMs: number;
  readonly login: InitiatorLoginOptions;
  readonly signal?: AbortSignal;
}

export class InitiatorConnection {
  private readonly socket: Socket;
  private readonly reader = new FrameReader('target', LOGIN_READER_SETTINGS);
  private digests: DigestSettings = NO_DIGESTS;
  private loginMachine: InitiatorLogin | undefined;
  private loginSettled: ((outcome: { result?: InitiatorLoginResult; error?: unknown }) => void) | undefined;
  private lost: Error | undefined;
  /** Full feature phase PDUs go here. */
  onPdu: (pdu: TargetPdu) => void = () => undefined;
  /** Called once when the connection ends after login. */
  onClose: (error: Error) => void = () => undefined;
  login: InitiatorLoginResult | undefined;
  readonly closed: Promise<void>;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (e) => this.end(new ConnectionLost(`connection error: ${e.message}`, false, { cause: e })));
    this.closed = new Promise((resolve) => socket.once('close', () => {
      this.end(new ConnectionLost('connection closed by the target', false));
      resolve();
    }));
  }

  /** Connects and logs in; rejects with LoginFailure, NegotiationError, ConnectionLost or a timeout Error. */
  static async open(options: InitiatorConnectionOptions): Promise<InitiatorConnection> {
    const socket = connect({ host: options.host, port: options.port });
    const connection = new InitiatorConnection(socket);
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => connection.end(new ConnectionLost('login aborted', false));
    try {
      return await new Promise<InitiatorConnection>((resolve, reject) => {
        timer = setTimeout(() => reject(new ConnectionLost(`no iSCSI login to ${options.host}:${options.port} within ${options.timeoutMs} ms`, false)), options.timeoutMs);
        options.signal?.addEventListener('abort', onAbort, { once: true });
        connection.loginSettled = (outcome) => (outcome.result !== undefined ? resolve(connection) : reject(outcome.error));
        socket.once('connect', () => {
          try {
            connection.loginMachine = new InitiatorLogin(options.login);
            connection.send(connection.loginMachine.start());
          } catch (e) {
            reject(e);
          }
        });
      });
    } catch (e) {
      socket.destroy();
      throw e;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  get isOpen(): boolean {
    return this.lost === undefined && !this.socket.destroyed;
  }

  /** False when the connection is already gone (the PDU was not handed to the socket). */
  send(pdu: InitiatorPdu): boolean {
    if (!this.isOpen) return false;
    writeFrames(this.socket, [framePdu(pdu)], this.digests);
    return true;
  }

  /**
   * Sends what `work` sends in one gathered write (a SCSI Command PDU and its unsolicited
   * Data-Out): the target is woken once, and no PDU waits for another's acknowledgement.
   */
  together(work: () => void): void {
    this.socket.cork();
    try {
      work();
    } finally {
      this.socket.uncork();
    }
  }

  /** Closes at once; pending work sees ConnectionLost. */
  destroy(reason = 'connection closed by the initiator'): void {
    this.end(new ConnectionLost(reason, false));
  }

  private receive(chunk: Buffer): void {
    this.reader.push(chunk);
    while (this.lost === undefined) {
      let pdu: TargetPdu | undefined;
      try {
        pdu = this.reader.read() as TargetPdu | undefined;
        if (pdu === undefined) return;
        if (this.login === undefined) this.onLoginPdu(pdu);
        else this.onPdu(pdu);
      } catch (e) {
        if (e instanceof IscsiPduError) this.end(new ConnectionLost(`malformed PDU from the target: ${e.message}`, false, { cause: e }));
        else this.end(e instanceof Error ? e : new Error(String(e)));
        return;
      }
    }
  }

  private onLoginPdu(pdu: TargetPdu): void {
    const machine = this.loginMachine;
    if (machine === undefined || pdu.kind !== 'login-response') throw new ConnectionLost(`unexpected ${pdu.kind} during login`, false);
    const step = machine.handle(pdu);
    if (step.kind === 'send') {
      this.send(step.request);
      return;
    }
    const parameters = step.result.parameters;
    this.digests = { header: parameters.headerDigest, data: parameters.dataDigest };
    this.reader.settings = { ...this.digests, maxDataSegmentLength: parameters.initiatorMaxRecvDataSegmentLength };
    this.login = step.result;
    this.loginSettled?.({ result: step.result });
  }

  private end(error: Error): void {
    if (this.lost !== undefined) return;
    this.lost = error;
    this.socket.destroy();
    if (this.login === undefined) this.loginSettled?.({ error });
    else this.onClose(error);
  }
}
