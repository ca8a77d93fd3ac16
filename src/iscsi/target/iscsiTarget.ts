import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { ScsiDevice } from '../../scsi/device.ts';
import type { ChapCredentials } from '../login/chap.ts';
import { LoginFailure, LoginStatus } from '../login/loginStatus.ts';
import type { CompletedLogin, TargetLoginContext } from '../login/targetLogin.ts';
import { MAX_LUN } from '../lun.ts';
import { DEFAULT_POLICY, type NegotiationPolicy } from '../text/negotiation.ts';
import { PeerAdmission, peerAddress, type PeerLimits } from './peerLimits.ts';
import { RefusalLog } from './refusalLog.ts';
import { Session, type ServedTarget } from './session.ts';
import { TargetConnection, type ConnectionHost } from './targetConnection.ts';

/** One IQN served by an IscsiTarget: its LUNs (the changer on LUN 0) and optional CHAP. */
export interface TargetDefinition {
  /** iSCSI qualified name, e.g. iqn.2024-01.org.example:library0. */
  readonly name: string;
  readonly alias?: string;
  /** LUN → device. A device that knows its own LUN (LunBoundDevice, e.g. the emulator's SmcDevice) is told where it is mapped. */
  readonly luns: ReadonlyMap<number, ScsiDevice> | Readonly<Record<number, ScsiDevice>>;
  /** Initiators must log in with these CHAP credentials (and may ask for mutual CHAP). */
  readonly chap?: ChapCredentials;
}

export interface IscsiTargetLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface IscsiTargetOptions {
  readonly targets: readonly TargetDefinition[];
  readonly portalGroupTag?: number;
  /** What the target accepts in negotiation; defaults to DEFAULT_POLICY. */
  readonly policy?: Partial<NegotiationPolicy>;
  /** CmdSN window granted to each session (MaxCmdSN − ExpCmdSN + 1). */
  readonly commandWindow?: number;
  readonly discoveryChap?: ChapCredentials;
  /** A connection that has not completed login this long after it arrived is dropped (default 5 s). */
  readonly loginTimeoutMs?: number;
  /** Send a NOP-In ping this often (default 5 s; 0: never) and drop a connection that does not answer within nopInTimeoutMs (default 10 s). */
  readonly nopInIntervalMs?: number;
  readonly nopInTimeoutMs?: number;
  /** Largest write (Expected Data Transfer Length) accepted; a larger one is refused before any buffer is allocated. */
  readonly maxWriteLength?: number;
  /** What one initiator address, and everyone together, may hold (DEFAULT_PEER_LIMITS). */
  readonly limits?: Partial<PeerLimits>;
  readonly logger?: IscsiTargetLogger;
}

/**
 * A device that answers only on the LUN it believes it has, as the emulator's SmcDevice does when
 * it plays a whole target by itself; mapped at LUN n here, it is asked for its view at LUN n.
 */
export interface LunBoundDevice extends ScsiDevice {
  atLun(lun: number): ScsiDevice;
}

function isLunBound(device: ScsiDevice): device is LunBoundDevice {
  return typeof (device as Partial<LunBoundDevice>).atLun === 'function';
}

/**
 * A login is a few round trips: a peer that has not finished in 5 s is not going to, and while it
 * waits it holds one of its address's login places.
 */
export const DEFAULT_LOGIN_TIMEOUT_MS = 5_000;
/** Pings as open-iscsi's own NOP-Outs do (every 5 s); a peer gets 10 s to answer, so a dead one is gone within 15 s. */
export const DEFAULT_NOP_IN_INTERVAL_MS = 5_000;
export const DEFAULT_NOP_IN_TIMEOUT_MS = 10_000;

const SILENT: IscsiTargetLogger = { info: () => undefined, warn: () => undefined };

function servedTarget(definition: TargetDefinition): ServedTarget {
  const luns = definition.luns instanceof Map
    ? new Map(definition.luns)
    : new Map(Object.entries(definition.luns).map(([lun, device]): [number, ScsiDevice] => [Number(lun), device]));
  for (const [lun, device] of luns) {
    if (!Number.isInteger(lun) || lun < 0 || lun > MAX_LUN) throw new RangeError(`${definition.name}: LUN ${lun} is outside 0..${MAX_LUN}`);
    if (isLunBound(device)) luns.set(lun, device.atLun(lun));
  }
  return { name: definition.name, alias: definition.alias, luns };
}

/**
 * An iSCSI target portal: listens on TCP, serves one or more IQNs, each a LUN → ScsiDevice map.
 * Every session is its own initiator port (nexus) to the devices; a session that ends — logout,
 * drop, reinstatement — is reported to each device with nexusLost. Malformed input costs the
 * sender its connection and nothing else.
 */
export class IscsiTarget {
  private readonly options: IscsiTargetOptions;
  private readonly targets = new Map<string, ServedTarget & { chap: ChapCredentials | undefined }>();
  private readonly connections = new Set<TargetConnection>();
  private readonly sessions = new Map<number, { session: Session; connection: TargetConnection }>();
  private readonly server: Server;
  private readonly logger: IscsiTargetLogger;
  private readonly host: ConnectionHost;
  private readonly admission: PeerAdmission<Socket>;
  private readonly refusals: RefusalLog;
  /** Refusals already in the refusal log: a peer at its session limit that keeps trying is one line per interval, not one per login. */
  private readonly loggedRefusals = new WeakSet<LoginFailure>();
  private lastTsih = 0;
  private closing: Promise<void> | undefined;

  constructor(options: IscsiTargetOptions) {
    this.options = options;
    this.logger = options.logger ?? SILENT;
    this.admission = new PeerAdmission(options.limits);
    this.refusals = new RefusalLog((message) => this.logger.info(message));
    for (const definition of options.targets) {
      if (this.targets.has(definition.name)) throw new RangeError(`target ${definition.name} defined twice`);
      this.targets.set(definition.name, { ...servedTarget(definition), chap: definition.chap });
    }
    this.host = this.connectionHost();
    this.server = createServer({ noDelay: true, pauseOnConnect: true }, (socket) => this.accept(socket));
  }

  /** The limits in force, defaults filled in. */
  get limits(): PeerLimits {
    return this.admission.limits;
  }

  /** Starts listening; port 0 picks a free port. Resolves with the bound address. */
  listen(port = 3260, host = '127.0.0.1'): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        // Once listening, an error is an accept that failed (e.g. EMFILE): it costs that one connection, never the process.
        this.server.on('error', (e) => this.logger.warn(`iSCSI portal: ${e.message}`));
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  get address(): AddressInfo | undefined {
    const address = this.server.address();
    return address !== null && typeof address === 'object' ? address : undefined;
  }

  /** Sessions in full feature phase. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Names of the IQNs served now. */
  get targetNames(): string[] {
    return [...this.targets.keys()];
  }

  /**
   * Serves one more IQN from now on, on the portal that is already listening (a library this
   * process took over after it started): logins and SendTargets see it at once.
   */
  addTarget(definition: TargetDefinition): void {
    if (this.closing !== undefined) throw new Error('the target is closing');
    if (this.targets.has(definition.name)) throw new RangeError(`target ${definition.name} is already served`);
    this.targets.set(definition.name, { ...servedTarget(definition), chap: definition.chap });
  }

  /**
   * Stops serving an IQN (a library this process lost): new logins to it are refused as for an
   * unknown target, discovery no longer lists it, and its sessions are asked to log out, then
   * dropped after `graceMs`. Resolves when they are closed; an IQN not served is nothing to do.
   */
  async removeTarget(name: string, options: { graceMs?: number } = {}): Promise<void> {
    if (!this.targets.delete(name)) return;
    const open = [...this.sessions.values()].filter((s) => s.session.target?.name === name).map((s) => s.connection);
    await this.closeGracefully(open, options.graceMs ?? 1000, 'target no longer served');
  }

  /**
   * Stops accepting, asks every initiator to log out (Async Message event 1), and closes what is
   * still open after `graceMs`. Resolves when every connection is closed.
   */
  close(options: { graceMs?: number } = {}): Promise<void> {
    this.closing ??= this.shutDown(options.graceMs ?? 1000);
    return this.closing;
  }

  private async shutDown(graceMs: number): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await this.closeGracefully([...this.connections], graceMs, 'target shut down');
    // Connections that arrived while the others were logging out.
    for (const connection of this.connections) connection.drop('target shut down');
    await Promise.all([...this.connections].map((c) => c.closed));
    await stopped;
  }

  /** Asks the connections to log out (Async Message event 1), drops them after `graceMs`; resolves when they are closed. */
  private async closeGracefully(open: readonly TargetConnection[], graceMs: number, why: string): Promise<void> {
    for (const connection of open) {
      if (connection.inFullFeaturePhase) connection.requestLogout(graceMs / 1000);
      else connection.drop(why);
    }
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all(open.map((c) => c.closed)), deadline]);
    clearTimeout(timer);
    for (const connection of open) connection.drop(why);
    await Promise.all(open.map((c) => c.closed));
  }

  private accept(socket: Socket): void {
    // A peer that reset at once may be gone before its first event: nothing it does may throw here.
    socket.on('error', () => undefined);
    const address = peerAddress(socket.remoteAddress);
    if (this.closing !== undefined || address === undefined) {
      socket.destroy();
      return;
    }
    const refusal = this.admission.arrive(socket, address);
    if (refusal !== undefined) {
      socket.destroy();
      this.refusals.refused(address, refusal);
      return;
    }
    const connection = new TargetConnection(socket, this.host);
    this.connections.add(connection);
    // Counted until the socket is really closed, not when its session ends: a peer whose login was
    // refused cannot open the next one while the last still lingers.
    void connection.closed.then(() => {
      this.connections.delete(connection);
      this.admission.leave(socket);
    });
  }

  private connectionHost(): ConnectionHost {
    const loginContext: Omit<TargetLoginContext, 'admit'> = {
      portalGroupTag: this.options.portalGroupTag ?? 1,
      policy: { ...DEFAULT_POLICY, ...this.options.policy },
      commandWindow: this.options.commandWindow ?? 32,
      ...(this.options.discoveryChap === undefined ? {} : { discoveryChap: this.options.discoveryChap }),
      findTarget: (name) => {
        const target = this.targets.get(name);
        if (target === undefined) return undefined;
        return { name: target.name, ...(target.alias === undefined ? {} : { alias: target.alias }), ...(target.chap === undefined ? {} : { chap: target.chap }) };
      },
      sessionExists: (tsih) => this.sessions.has(tsih),
    };
    return {
      loginContext,
      loginTimeoutMs: this.options.loginTimeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS,
      nopInIntervalMs: this.options.nopInIntervalMs ?? DEFAULT_NOP_IN_INTERVAL_MS,
      nopInTimeoutMs: this.options.nopInTimeoutMs ?? DEFAULT_NOP_IN_TIMEOUT_MS,
      maxWriteLength: this.options.maxWriteLength ?? 16 * 1024 * 1024,
      targetNames: () => [...this.targets.keys()],
      admit: (connection, login) => this.admit(connection, login),
      loginRefused: (connection, failure) => {
        if (!this.loggedRefusals.has(failure)) this.logger.info(`iSCSI login from ${connection.peer} refused: ${failure.message}`);
      },
      released: (connection) => this.released(connection),
      connectionsOf: (name) => [...this.sessions.values()].filter((s) => s.session.target?.name === name).map((s) => s.connection),
      log: (level, message) => this.logger[level](message),
    };
  }

  private admit(connection: TargetConnection, login: CompletedLogin): Session {
    // Session reinstatement (RFC 7143 §6.3.5): the same initiator port logging in again ends its old session first.
    for (const { session, connection: old } of [...this.sessions.values()]) {
      if (session.initiatorName === login.initiatorName && session.isid === login.isid && session.target?.name === login.target?.name) {
        // Its place goes to the new login at once, or an initiator at its limit could never reinstate.
        this.admission.leave(old.accepted);
        old.drop('session reinstated by a new login');
      }
    }
    const refusal = this.admission.startSession(connection.accepted, login.authenticatedWithChap);
    if (refusal !== undefined) {
      const failure = new LoginFailure(LoginStatus.OutOfResources, refusal);
      this.loggedRefusals.add(failure);
      this.refusals.refused(peerAddress(connection.socket.remoteAddress) ?? '?', `${refusal}; login answered 03/02 (out of resources)`);
      throw failure;
    }
    const target = login.target === undefined ? undefined : this.targets.get(login.target.name);
    const session = new Session({
      tsih: this.allocateTsih(),
      sessionType: login.sessionType,
      initiatorName: login.initiatorName,
      isid: login.isid,
      target,
      parameters: login.parameters,
      expCmdSN: login.expCmdSN,
      window: this.options.commandWindow ?? 32,
    });
    this.sessions.set(session.tsih, { session, connection });
    return session;
  }

  private allocateTsih(): number {
    for (let i = 0; i < 0xffff; i++) {
      this.lastTsih = this.lastTsih >= 0xffff ? 1 : this.lastTsih + 1;
      if (!this.sessions.has(this.lastTsih)) return this.lastTsih;
    }
    throw new RangeError('no free TSIH');
  }

  private released(connection: TargetConnection): void {
    const session = connection.session;
    if (session === undefined || this.sessions.get(session.tsih)?.connection !== connection) return;
    this.sessions.delete(session.tsih);
    if (session.target === undefined) return;
    for (const [lun, device] of session.target.luns) {
      try {
        device.nexusLost?.(session.nexus(lun));
      } catch (e) {
        this.logger.warn(`nexusLost on LUN ${lun} of ${session.target.name} threw: ${(e as Error)?.message ?? String(e)}`);
      }
    }
  }
}
