// One hostile peer, run as its own process (fork with --import tsx) so it loads the target the way
// a real one would, from its own source address: it logs in `sessions` iSCSI sessions and then
// sits idle in them (answering NOP-In, so only the per-address limit can refuse it), tries one
// session more, then keeps `halfOpen` TCP connections open that never send a byte, reconnecting
// each one the target closes. On the parent's 'report' message it says what it held and how long
// the target let each half-open connection live.
import { connect, type Socket } from 'node:net';
import { PeerSession, type LoginOutcome } from '../helpers/peerSession.ts';

export interface HostileOrders {
  readonly port: number;
  readonly targetName: string;
  readonly localAddress: string;
  readonly sessions: number;
  readonly halfOpen: number;
  /** How long a closed half-open connection waits before connecting again. */
  readonly reconnectDelayMs: number;
}

export type HostileMessage =
  | { readonly event: 'holding'; readonly sessionsUp: number; readonly extraLogin: LoginOutcome }
  | { readonly event: 'report'; readonly sessionsUp: number; readonly sessionsLost: number; readonly halfOpenConnects: number; readonly halfOpenNow: number; readonly longestHalfOpenMs: number; readonly halfOpenClosedByTimeout: number };

/** A half-open connection the target kept longer than this was admitted and then timed out, not refused on arrival. */
const ADMITTED_MS = 300;

class HalfOpenFlood {
  connects = 0;
  open = 0;
  longestMs = 0;
  closedByTimeout = 0;
  private stopped = false;

  constructor(private readonly orders: HostileOrders) {}

  start(): void {
    for (let i = 0; i < this.orders.halfOpen; i++) this.hold();
  }

  private hold(): void {
    if (this.stopped) return;
    this.connects++;
    const socket = connect({ host: '127.0.0.1', port: this.orders.port, localAddress: this.orders.localAddress });
    socket.on('error', () => undefined);
    socket.once('connect', () => {
      this.connectedAt.set(socket, performance.now());
      this.open++;
    });
    socket.once('close', () => {
      const connectedAt = this.connectedAt.get(socket);
      this.connectedAt.delete(socket);
      if (connectedAt !== undefined) {
        this.open--;
        const lived = performance.now() - connectedAt;
        this.longestMs = Math.max(this.longestMs, lived);
        if (lived >= ADMITTED_MS) this.closedByTimeout++;
      }
      setTimeout(() => this.hold(), this.orders.reconnectDelayMs);
    });
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private readonly sockets = new Set<Socket>();
  private readonly connectedAt = new Map<Socket, number>();

  /** The longest life of a connection still open counts too: one the target forgot would show here. */
  longestNow(): number {
    const now = performance.now();
    return Math.max(this.longestMs, ...[...this.connectedAt.values()].map((at) => now - at));
  }

  stop(): void {
    this.stopped = true;
    for (const socket of this.sockets) socket.destroy();
  }
}

const INITIATOR = 'iqn.2024-01.test.hostile:peer';

/** Logs in a session that then idles, answering pings; throws unless admitted. */
async function idleSession(orders: HostileOrders, isid: number): Promise<PeerSession> {
  const session = await PeerSession.connect(orders.port, orders.localAddress);
  const outcome = await session.login({ targetName: orders.targetName, isid, initiatorName: INITIATOR });
  if (outcome !== 'admitted') throw new Error(`session ${isid.toString(16)} was not admitted: ${JSON.stringify(outcome)}`);
  return session;
}

async function loginSessions(orders: HostileOrders): Promise<PeerSession[]> {
  const sessions: PeerSession[] = [];
  // Eight at a time: as many logins as one address may have in progress.
  for (let first = 0; first < orders.sessions; first += 8) {
    const batch = await Promise.all(Array.from({ length: Math.min(8, orders.sessions - first) }, (_, k) => idleSession(orders, 0x8000_0000_0000 + first + k)));
    sessions.push(...batch);
  }
  return sessions;
}

async function main(orders: HostileOrders): Promise<void> {
  const sessions = await loginSessions(orders);
  const extra = await PeerSession.connect(orders.port, orders.localAddress);
  const extraLogin = await extra.login({ targetName: orders.targetName, isid: 0x8000_0000_0000 + orders.sessions, initiatorName: INITIATOR });
  const flood = new HalfOpenFlood(orders);
  flood.start();
  const send = (message: HostileMessage): void => void process.send?.(message);
  send({ event: 'holding', sessionsUp: sessions.filter((s) => s.up).length, extraLogin });
  process.on('message', (message: unknown) => {
    if (message !== 'report') return;
    const up = sessions.filter((s) => s.up).length;
    send({ event: 'report', sessionsUp: up, sessionsLost: sessions.length - up, halfOpenConnects: flood.connects, halfOpenNow: flood.open, longestHalfOpenMs: Math.round(flood.longestNow()), halfOpenClosedByTimeout: flood.closedByTimeout });
    flood.stop();
    process.disconnect?.();
    setTimeout(() => process.exit(0), 100).unref();
  });
}

process.once('message', (orders: HostileOrders) => {
  main(orders).catch((e: unknown) => {
    process.send?.({ event: 'failed', message: (e as Error)?.stack ?? String(e) });
    process.exit(1);
  });
});
