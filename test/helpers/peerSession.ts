// A hand-driven iSCSI initiator connection from a source address of the test's choosing (Linux
// routes all of 127.0.0.0/8 to lo, so 127.0.0.2 is "another host" to a target on 127.0.0.1). It
// logs in, then either answers the target's NOP-In pings or stays silent, and tells what came.
import { connect, type Socket } from 'node:net';
import { FrameReader } from '../../src/iscsi/frameReader.ts';
import type { ChapClientCredentials } from '../../src/iscsi/login/chapClient.ts';
import { InitiatorLogin } from '../../src/iscsi/login/initiatorLogin.ts';
import { LoginFailure } from '../../src/iscsi/login/loginStatus.ts';
import { RESERVED_TAG } from '../../src/iscsi/opcodes.ts';
import type { InitiatorPdu, NopIn, TargetPdu } from '../../src/iscsi/pdus.ts';
import { serializePdu } from '../../src/iscsi/serializer.ts';
import type { SessionType } from '../../src/iscsi/text/keys.ts';
import { DEFAULT_POLICY } from '../../src/iscsi/text/negotiation.ts';

export interface PeerLogin {
  readonly targetName?: string;
  readonly sessionType?: SessionType;
  readonly isid: number;
  readonly initiatorName?: string;
  readonly chap?: ChapClientCredentials;
}

/** 'admitted', the status of a refused login, or what went wrong otherwise. */
export type LoginOutcome = 'admitted' | { readonly statusClass: number; readonly statusDetail: number } | string;

export class PeerSession {
  private readonly reader = new FrameReader('target');
  private readonly received: TargetPdu[] = [];
  private wake: (() => void) | undefined;
  private expStatSN = 0;
  readonly closed: Promise<void>;
  /** Answer NOP-In pings (a live initiator) or not (a dead one). */
  answersPings = true;
  /** Pings received, answered or not. */
  readonly pings: NopIn[] = [];
  /** Who waits for the pings to reach a count (pingedWithin). */
  private pingWaiters: { count: number; resolve: () => void }[] = [];
  up = true;

  private constructor(readonly socket: Socket) {
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => {
      this.up = false;
      this.wake?.();
      resolve();
    }));
    socket.on('data', (chunk: Buffer) => {
      this.reader.push(chunk);
      for (let pdu = this.reader.read() as TargetPdu | undefined; pdu !== undefined; pdu = this.reader.read() as TargetPdu | undefined) this.receive(pdu);
      this.wake?.();
    });
  }

  /** A TCP connection from `localAddress` to 127.0.0.1:`port`, nothing sent yet. */
  static connect(port: number, localAddress: string): Promise<PeerSession> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, localAddress });
      socket.once('connect', () => resolve(new PeerSession(socket)));
      socket.once('error', reject);
    });
  }

  private receive(pdu: TargetPdu): void {
    if (pdu.kind === 'nop-in' && pdu.targetTransferTag !== RESERVED_TAG) {
      this.pings.push(pdu);
      this.pingWaiters = this.pingWaiters.filter((w) => (this.pings.length >= w.count ? (w.resolve(), false) : true));
      if (this.answersPings) {
        this.send({ kind: 'nop-out', immediate: true, lun: pdu.lun, initiatorTaskTag: RESERVED_TAG, targetTransferTag: pdu.targetTransferTag, cmdSN: 1, expStatSN: this.expStatSN, data: new Uint8Array(0) });
      }
      return;
    }
    this.received.push(pdu);
  }

  send(pdu: InitiatorPdu): void {
    if (!this.socket.destroyed) this.socket.write(serializePdu(pdu));
  }

  /** The next PDU other than a ping, or undefined once the connection is closed. */
  async next(): Promise<TargetPdu | undefined> {
    while (this.received.length === 0 && this.up) await new Promise<void>((resolve) => (this.wake = resolve));
    return this.received.shift();
  }

  async login(login: PeerLogin): Promise<LoginOutcome> {
    const sessionType = login.sessionType ?? 'Normal';
    const initiator = new InitiatorLogin({
      initiatorName: login.initiatorName ?? 'iqn.2024-01.test.peer:initiator', sessionType, isid: login.isid, initiatorTaskTag: 0, cmdSN: 1, policy: DEFAULT_POLICY,
      ...(login.targetName === undefined ? {} : { targetName: login.targetName }), ...(login.chap === undefined ? {} : { chap: login.chap }),
    });
    this.send(initiator.start());
    for (let round = 0; round < 10; round++) {
      const pdu = await this.next();
      if (pdu?.kind !== 'login-response') return `login: got ${pdu?.kind ?? 'a closed connection'}`;
      try {
        const step = initiator.handle(pdu);
        if (step.kind === 'complete') {
          this.expStatSN = (step.result.statSN + 1) >>> 0;
          return 'admitted';
        }
        this.send(step.request);
      } catch (e) {
        if (e instanceof LoginFailure) return { statusClass: e.statusClass, statusDetail: e.statusDetail };
        return String(e);
      }
    }
    return 'login did not end';
  }

  /** Resolves true once the target has pinged `count` times in all, false if not within `timeoutMs`. */
  async pingedWithin(count: number, timeoutMs: number): Promise<boolean> {
    if (this.pings.length >= count) return true;
    let timer: NodeJS.Timeout | undefined;
    const reached = await Promise.race([
      new Promise<boolean>((resolve) => this.pingWaiters.push({ count, resolve: () => resolve(true) })),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    return reached;
  }

  /** Resolves true if the target closed the connection within `timeoutMs`. */
  async closedWithin(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const closed = await Promise.race([this.closed.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)))]);
    clearTimeout(timer);
    return closed;
  }

  destroy(): void {
    this.socket.destroy();
  }
}
