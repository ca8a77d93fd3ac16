import { connect, createServer, type Server, type Socket } from 'node:net';
import { FrameReader } from '../../../src/iscsi/frameReader.ts';
import { InitiatorLogin } from '../../../src/iscsi/login/initiatorLogin.ts';
import type { InitiatorPdu, TargetPdu } from '../../../src/iscsi/pdus.ts';
import { serializePdu } from '../../../src/iscsi/serializer.ts';
import { DEFAULT_POLICY, type NegotiationPolicy } from '../../../src/iscsi/text/negotiation.ts';

/** Test plumbing for the iSCSI integration tests: a cuttable TCP proxy and a raw, hand-driven initiator. */

/** Forwards TCP to a target; `cut()` drops every connection through it, as a network failure would. */
export class TcpProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly targetPort: number) {
    this.server = createServer((client) => {
      const upstream = connect({ host: '127.0.0.1', port: this.targetPort });
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
    return this.port;
  }

  cut(): void {
    for (const s of this.sockets) s.destroy();
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A raw initiator: logs in by hand, then sends whatever PDUs (or bytes) a test crafts. */
export class RawInitiator {
  readonly socket: Socket;
  private readonly reader = new FrameReader('target');
  private readonly received: TargetPdu[] = [];
  private waiter: (() => void) | undefined;
  readonly closed: Promise<void>;
  cmdSN = 1;
  expStatSN = 0;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      this.reader.push(chunk);
      for (let pdu = this.reader.read() as TargetPdu | undefined; pdu !== undefined; pdu = this.reader.read() as TargetPdu | undefined) this.received.push(pdu);
      this.waiter?.();
    });
    this.closed = new Promise((resolve) => socket.once('close', () => {
      this.waiter?.();
      resolve();
    }));
  }

  static async connect(port: number): Promise<RawInitiator> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawInitiator(socket);
  }

  /** Connects and completes a Normal login to `targetName`. */
  static async login(port: number, targetName: string, policy: Partial<NegotiationPolicy> = {}, isid = 0x8000_0000_0001): Promise<RawInitiator> {
    const raw = await RawInitiator.connect(port);
    const login = new InitiatorLogin({ initiatorName: 'iqn.2024-01.test:raw', sessionType: 'Normal', targetName, isid, initiatorTaskTag: 0, cmdSN: 1, policy: { ...DEFAULT_POLICY, ...policy } });
    raw.send(login.start());
    for (let i = 0; i < 10; i++) {
      const pdu = await raw.next(2000);
      if (pdu?.kind !== 'login-response') throw new Error(`login: got ${pdu?.kind ?? 'nothing'}`);
      const step = login.handle(pdu);
      if (step.kind === 'complete') {
        raw.expStatSN = (step.result.statSN + 1) >>> 0;
        const p = step.result.parameters;
        raw.digests = { header: p.headerDigest, data: p.dataDigest };
        raw.reader.settings = { ...raw.digests, maxDataSegmentLength: p.initiatorMaxRecvDataSegmentLength };
        return raw;
      }
      raw.send(step.request);
    }
    throw new Error('login did not complete');
  }

  digests = { header: false, data: false };

  send(pdu: InitiatorPdu): void {
    this.socket.write(serializePdu(pdu, this.digests));
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** The next PDU from the target, or undefined if the connection closed or nothing came in time. */
  async next(timeoutMs = 2000): Promise<TargetPdu | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length === 0) {
      if (this.socket.destroyed || Date.now() >= deadline) return undefined;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.received.shift();
  }

  /** Resolves true if the target closed the connection within `timeoutMs`. */
  async closedWithin(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([this.closed.then(() => true), new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); })]);
    clearTimeout(timer);
    return result;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export const TUR = Uint8Array.of(0x00, 0, 0, 0, 0, 0);
export const inquiry = (length = 96): Uint8Array => Uint8Array.of(0x12, 0, 0, 0, length, 0);
export const readBuffer = (length: number): Uint8Array => Uint8Array.of(0x3c, 0x02, 0, 0, 0, 0, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff, 0);
export const writeBuffer = (length: number): Uint8Array => Uint8Array.of(0x3b, 0x02, 0, 0, 0, 0, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff, 0);
export const reportLuns = (length = 256): Uint8Array => Uint8Array.of(0xa0, 0, 0, 0, 0, 0, 0, 0, (length >> 8) & 0xff, length & 0xff, 0, 0);

/** Sense key / ASC / ASCQ of fixed-format sense. */
export function senseTriple(sense: Uint8Array | undefined): [number, number, number] | undefined {
  if (sense === undefined || sense.length < 14) return undefined;
  return [(sense[2] as number) & 0x0f, sense[12] as number, sense[13] as number];
}
