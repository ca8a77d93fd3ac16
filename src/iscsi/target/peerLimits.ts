/**
 * How much of the target one initiator address may hold. A portal open to a network must keep
 * serving its hosts while one peer misbehaves — connects and never logs in, or logs in and sits
 * idle — so what is scarce (connections, sessions) is shared out per source address, and the
 * global cap is set well above what one address may take.
 */
export interface PeerLimits {
  /** Connections of every kind and phase at once; one beyond is closed on arrival. */
  readonly maxConnections: number;
  /** Connections from one address that have not finished logging in; one beyond is closed on arrival. */
  readonly loginsPerAddress: number;
  /**
   * Sessions from one address whose initiator did not prove who it is (no CHAP: an open target or
   * discovery). A login beyond is refused with 03/02 (out of resources), which initiators retry
   * later. Sessions that authenticated with CHAP are limited only by maxConnections: their peer
   * holds the secret, and many hosts may share one address behind NAT.
   */
  readonly sessionsPerAddress: number;
}

/**
 * Defaults: one address may hold 8 logins in progress and 256 unauthenticated sessions, so with
 * 1,024 connections in all, three such peers still leave room for everyone else. A login takes
 * a few round trips; 8 at once from one host is more than open-iscsi or Windows ever open.
 */
export const DEFAULT_PEER_LIMITS: PeerLimits = { maxConnections: 1024, loginsPerAddress: 8, sessionsPerAddress: 256 };

/** What a connection is counted as. */
type Standing = 'logging-in' | 'session' | 'authenticated-session';

interface AddressLoad {
  logins: number;
  sessions: number;
}

/** `::ffff:10.0.0.1` and `10.0.0.1` are one peer: dual-stack sockets report IPv4 peers mapped. */
export function peerAddress(remoteAddress: string | undefined): string | undefined {
  if (remoteAddress === undefined) return undefined;
  return remoteAddress.startsWith('::ffff:') && remoteAddress.includes('.') ? remoteAddress.slice(7) : remoteAddress;
}

/**
 * The target's ledger of who holds what: each connection is counted from its arrival to its end,
 * first as a login in progress, then as a session. `Key` is whatever identifies a connection.
 */
export class PeerAdmission<Key> {
  readonly limits: PeerLimits;
  private readonly held = new Map<Key, { address: string; standing: Standing }>();
  private readonly byAddress = new Map<string, AddressLoad>();

  constructor(limits: Partial<PeerLimits> = {}) {
    this.limits = { ...DEFAULT_PEER_LIMITS, ...limits };
  }

  /** Connections counted now. */
  get size(): number {
    return this.held.size;
  }

  /** The load one address puts on the target now. */
  loadOf(address: string): Readonly<AddressLoad> {
    return this.byAddress.get(address) ?? { logins: 0, sessions: 0 };
  }

  /** A new connection: undefined when it is admitted (and counted as logging in), else why it is not. */
  arrive(key: Key, address: string): string | undefined {
    if (this.held.size >= this.limits.maxConnections) return `the target already has ${this.limits.maxConnections} connections`;
    const load = this.load(address);
    if (load.logins >= this.limits.loginsPerAddress) return `${address} already has ${this.limits.loginsPerAddress} logins in progress`;
    load.logins++;
    this.held.set(key, { address, standing: 'logging-in' });
    return undefined;
  }

  /** Login complete: undefined when the session may start (and is counted as one), else why not. */
  startSession(key: Key, authenticated: boolean): string | undefined {
    const entry = this.held.get(key);
    if (entry === undefined || entry.standing !== 'logging-in') return 'the connection is not logging in';
    const load = this.load(entry.address);
    if (!authenticated && load.sessions >= this.limits.sessionsPerAddress) {
      return `${entry.address} already has ${this.limits.sessionsPerAddress} unauthenticated sessions`;
    }
    load.logins--;
    if (authenticated) {
      entry.standing = 'authenticated-session';
    } else {
      entry.standing = 'session';
      load.sessions++;
    }
    return undefined;
  }

  /** The connection is gone, whatever its phase; unknown keys are ignored. */
  leave(key: Key): void {
    const entry = this.held.get(key);
    if (entry === undefined) return;
    this.held.delete(key);
    const load = this.load(entry.address);
    if (entry.standing === 'logging-in') load.logins--;
    else if (entry.standing === 'session') load.sessions--;
    if (load.logins === 0 && load.sessions === 0) this.byAddress.delete(entry.address);
  }

  private load(address: string): AddressLoad {
    let load = this.byAddress.get(address);
    if (load === undefined) {
      load = { logins: 0, sessions: 0 };
      this.byAddress.set(address, load);
    }
    return load;
  }
}
