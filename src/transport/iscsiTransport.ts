import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ChangerError } from '../shared/changerError.ts';
import { ConnectionLost } from '../iscsi/initiator/connectionLost.ts';
import { InitiatorConnection } from '../iscsi/initiator/initiatorConnection.ts';
import { InitiatorSession, TargetFailure } from '../iscsi/initiator/initiatorSession.ts';
import { MutualChapFailure, type ChapClientCredentials } from '../iscsi/login/chapClient.ts';
import { LoginFailure, LoginStatus } from '../iscsi/login/loginStatus.ts';
import type { SessionType } from '../iscsi/text/keys.ts';
import { DEFAULT_POLICY, type NegotiationPolicy } from '../iscsi/text/negotiation.ts';
import { NegotiationError } from '../iscsi/text/negotiationError.ts';
import type { ScsiRequest, ScsiResult } from '../scsi/device.ts';
import { Opcode } from '../scsi/opcodes.ts';
import { formatIscsiUrl, parseIscsiUrl, type IscsiUrl } from './iscsiUrl.ts';
import type { ScsiTransport } from './scsiTransport.ts';

/**
 * ScsiTransport over iSCSI (iscsi://host[:port]/<iqn>/<lun>): one session, one command at a time.
 * A dropped connection is replaced by a new login on the next command (same ISID, so the target
 * reinstates the session); a command that never reached the socket is sent again, one in flight
 * is sent again only when repeating it cannot change anything (the read-only commands below),
 * otherwise it fails DEVICE_NOT_CONNECTED. A command that outlives its timeout is aborted at the
 * target (ABORT TASK) and fails TIMEOUT.
 */

export interface IscsiTransportOptions {
  /** Our iSCSI name; default iqn.2024-01.org.changer:<hostname>. */
  readonly initiatorName?: string;
  /** 48-bit ISID; default a random one (type 10b, RFC 7143 §10.12.5), kept across reconnects. */
  readonly isid?: number;
  /** CHAP credentials; override those in the URL. `mutual` makes the target prove itself too. */
  readonly chap?: ChapClientCredentials;
  /** Ask for CRC32C header / data digests (the target may still refuse). Default off. */
  readonly headerDigest?: boolean;
  readonly dataDigest?: boolean;
  /** Further negotiation preferences (burst sizes, InitialR2T, ImmediateData …). */
  readonly policy?: Partial<NegotiationPolicy>;
  /** Bounds connect + login. Default 10 s. */
  readonly loginTimeoutMs?: number;
  /** For requests without timeoutMs. Default 10 min (a full inventory of a large library is slow). */
  readonly defaultTimeoutMs?: number;
  /** How long an ABORT TASK may take before the connection is dropped. Default 5 s. */
  readonly abortTimeoutMs?: number;
  /** Login attempts when (re)connecting. Default 3. */
  readonly connectAttempts?: number;
  readonly reconnectDelayMs?: number;
  readonly logoutTimeoutMs?: number;
}

/** Commands that read state only: after a drop they can be sent again without doing anything twice. */
const REPEATABLE: ReadonlySet<number> = new Set([
  Opcode.TEST_UNIT_READY, Opcode.INQUIRY, Opcode.READ_ELEMENT_STATUS, Opcode.MODE_SENSE_6, Opcode.MODE_SENSE_10, Opcode.REQUEST_SENSE, Opcode.REPORT_LUNS,
]);

/** Marks a timeout as the abort reason, so it is told apart from the caller's own abort. */
class RequestTimeout extends Error {
  override readonly name = 'RequestTimeout';
}

export function defaultInitiatorName(): string {
  const host = hostname().toLowerCase().replace(/[^a-z0-9.-]/g, '-') || 'host';
  return `iqn.2024-01.org.changer:${host}`;
}

export function randomIsid(): number {
  // Type 10b (random): byte 0 = 0x80, bytes 1–3 random, qualifier bytes 4–5 random.
  return 0x80 * 2 ** 40 + randomBytes(5).readUIntBE(0, 5);
}

/** Shared by the transport and discovery: our login settings for a session. */
export interface LoginSettings {
  readonly initiatorName: string;
  readonly isid: number;
  readonly chap: ChapClientCredentials | undefined;
  readonly policy: NegotiationPolicy;
  readonly loginTimeoutMs: number;
}

export function loginSettings(options: IscsiTransportOptions, url?: IscsiUrl): LoginSettings {
  const chap = options.chap ?? (url?.username !== undefined && url.secret !== undefined ? { username: url.username, secret: url.secret } : undefined);
  return {
    initiatorName: options.initiatorName ?? defaultInitiatorName(),
    isid: options.isid ?? randomIsid(),
    chap,
    policy: {
      ...DEFAULT_POLICY,
      headerDigest: options.headerDigest === true ? ['CRC32C', 'None'] : ['None'],
      dataDigest: options.dataDigest === true ? ['CRC32C', 'None'] : ['None'],
      ...options.policy,
    },
    loginTimeoutMs: options.loginTimeoutMs ?? 10_000,
  };
}

/** Opens one logged-in session; failures as ChangerError. */
export async function openSession(
  host: string, port: number, sessionType: SessionType, targetName: string | undefined, settings: LoginSettings, signal?: AbortSignal,
): Promise<InitiatorSession> {
  const firstCmdSN = randomBytes(4).readUInt32BE();
  const where = `${host}:${port}${targetName === undefined ? '' : ` (${targetName})`}`;
  try {
    const connection = await InitiatorConnection.open({
      host, port, timeoutMs: settings.loginTimeoutMs, ...(signal === undefined ? {} : { signal }),
      login: {
        initiatorName: settings.initiatorName, sessionType, ...(targetName === undefined ? {} : { targetName }), isid: settings.isid,
        initiatorTaskTag: 0, cmdSN: firstCmdSN, policy: settings.policy, ...(settings.chap === undefined ? {} : { chap: settings.chap }),
      },
    });
    return new InitiatorSession(connection, firstCmdSN, 1);
  } catch (e) {
    throw loginError(e, where, settings.chap);
  }
}

/**
 * What to do about a refused authentication, in the user's terms: the credentials go in the URL
 * (iscsi://user:secret@host/…) and must match what the target was given (changer emulate --chap).
 * There is no "access denied" in the changer's code set: the device stays DEVICE_NOT_CONNECTED.
 */
function authenticationAdvice(failure: LoginFailure, chap: ChapClientCredentials | undefined): string {
  if (failure.cause instanceof MutualChapFailure) {
    return 'the target did not prove itself with the mutual CHAP secret we expect: check the mutual CHAP credentials (the target\'s --mutual-chap)';
  }
  if (chap === undefined) return 'the target requires CHAP: give credentials as iscsi://user:secret@host[:port]/<iqn>/<lun> (the target\'s --chap user:secret)';
  return `the target refused CHAP user '${chap.username}': check the --chap credentials (user and secret in iscsi://user:secret@host/… must match the target's)`;
}

function loginError(e: unknown, where: string, chap?: ChapClientCredentials): ChangerError {
  if (e instanceof ChangerError) return e;
  if (e instanceof LoginFailure && (e.is(LoginStatus.AuthenticationFailure) || e.is(LoginStatus.AuthorizationFailure))) {
    return new ChangerError('DEVICE_NOT_CONNECTED', `${where}: ${e.message}; ${authenticationAdvice(e, chap)}`, { cause: e });
  }
  if (e instanceof LoginFailure) {
    const code = e.is(LoginStatus.NotFound) || e.is(LoginStatus.TargetRemoved) ? 'NO_SUCH_DEVICE'
      : e.is(LoginStatus.TooManyConnections) || e.is(LoginStatus.ServiceUnavailable) || e.is(LoginStatus.OutOfResources) ? 'DEVICE_BUSY'
        : 'DEVICE_NOT_CONNECTED';
    return new ChangerError(code, `${where}: ${e.message}`, { cause: e });
  }
  if (e instanceof NegotiationError) return new ChangerError('DEVICE_NOT_CONNECTED', `${where}: iSCSI login negotiation failed: ${e.message}`, { cause: e });
  const message = e instanceof Error ? e.message : String(e);
  return new ChangerError('DEVICE_NOT_CONNECTED', `${where}: cannot reach the iSCSI target: ${message}`, { cause: e });
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export class IscsiTransport implements ScsiTransport {
  readonly description: string;
  readonly url: IscsiUrl;
  private readonly options: IscsiTransportOptions;
  private readonly settings: LoginSettings;
  private session: InitiatorSession | undefined;
  private connecting: Promise<InitiatorSession> | undefined;
  private queue: Promise<void> = Promise.resolve();
  private busy = false;
  private logoutWanted = false;
  private closed = false;
  /** Logins made so far (1 after open); each reconnect adds one. */
  loginCount = 0;

  private constructor(url: IscsiUrl, options: IscsiTransportOptions) {
    this.url = url;
    this.options = options;
    this.settings = loginSettings(options, url);
    this.description = formatIscsiUrl(url);
  }

  /** Parses the URL, connects and logs in. */
  static async open(url: string | IscsiUrl, options: IscsiTransportOptions = {}): Promise<IscsiTransport> {
    const transport = new IscsiTransport(typeof url === 'string' ? parseIscsiUrl(url) : url, options);
    await transport.connect(AbortSignal.timeout((options.loginTimeoutMs ?? 10_000) * (options.connectAttempts ?? 3) + 1000));
    return transport;
  }

  /** The negotiated parameters of the current session (undefined while disconnected). */
  get parameters(): InitiatorSession['parameters'] | undefined {
    return this.session?.isOpen === true ? this.session.parameters : undefined;
  }

  async execute(request: ScsiRequest): Promise<ScsiResult> {
    if (this.closed) throw new ChangerError('DEVICE_NOT_CONNECTED', `${this.description} is closed`);
    if (request.cdb.length === 0 || request.cdb.length > 260) throw new ChangerError('INVALID_PARAMETER', `a CDB of ${request.cdb.length} bytes cannot be sent`);
    const timeoutMs = request.timeoutMs ?? this.options.defaultTimeoutMs ?? 600_000;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new RequestTimeout(`no answer within ${timeoutMs} ms`)), timeoutMs);
    const onCallerAbort = (): void => controller.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    if (request.signal?.aborted === true) onCallerAbort();
    let release: (() => void) | undefined;
    try {
      release = await this.acquire(controller.signal);
      return await this.run(request, controller.signal);
    } catch (e) {
      throw this.asChangerError(e, request, controller.signal);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCallerAbort);
      release?.();
    }
  }

  /** One command at a time: each waits for the previous one to settle (or for its own signal). */
  private async acquire(signal: AbortSignal): Promise<() => void> {
    let release: () => void = () => undefined;
    const turn = new Promise<void>((resolve) => {
      release = () => {
        this.busy = false;
        resolve();
        if (this.logoutWanted) void this.logoutForTarget();
      };
    });
    const previous = this.queue;
    this.queue = previous.then(() => turn);
    let onAbort: () => void = () => undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([previous, aborted]);
    } catch (e) {
      // Give up our place without breaking the chain: release as soon as our turn would have come.
      void previous.then(release);
      throw e;
    } finally {
      signal.removeEventListener('abort', onAbort);
      aborted.catch(() => undefined);
    }
    this.busy = true;
    return release;
  }

  private async run(request: ScsiRequest, signal: AbortSignal): Promise<ScsiResult> {
    const repeatable = REPEATABLE.has(request.cdb[0] as number);
    // One retry after a drop; a bounded loop even if connections keep failing.
    for (let attempt = 0; ; attempt++) {
      signal.throwIfAborted();
      const session = await this.connect(signal);
      try {
        return await session.execute(
          { lun: this.url.lun, cdb: request.cdb, ...(request.dataOut === undefined ? {} : { dataOut: request.dataOut }), dataInLength: request.dataInLength ?? 0 },
          signal,
          this.options.abortTimeoutMs ?? 5000,
        );
      } catch (e) {
        if (!(e instanceof ConnectionLost) || signal.aborted || attempt >= 1) throw e;
        if (e.delivered && !repeatable) throw e;
      }
    }
  }

  private asChangerError(e: unknown, request: ScsiRequest, signal: AbortSignal): unknown {
    if (e instanceof ChangerError) return e;
    const op = `CDB ${(request.cdb[0] ?? 0).toString(16).padStart(2, '0')}h`;
    if (signal.aborted && signal.reason instanceof RequestTimeout) {
      return new ChangerError('TIMEOUT', `${this.description}: ${op}: ${signal.reason.message}; aborted`, { cause: e });
    }
    if (request.signal?.aborted === true) return request.signal.reason;
    if (e instanceof ConnectionLost) {
      const what = e.delivered ? 'connection lost while the command was in progress' : 'connection lost';
      return new ChangerError('DEVICE_NOT_CONNECTED', `${this.description}: ${op}: ${what} (${e.message})`, { cause: e });
    }
    if (e instanceof TargetFailure) return new ChangerError('IO_DEVICE_ERROR', `${this.description}: ${op}: ${e.message}`, { cause: e });
    return e;
  }

  /** The live session, logging in again when the last one is gone. */
  private async connect(signal: AbortSignal): Promise<InitiatorSession> {
    if (this.session?.isOpen === true) return this.session;
    this.connecting ??= this.login(signal).finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async login(signal: AbortSignal): Promise<InitiatorSession> {
    const attempts = Math.max(1, this.options.connectAttempts ?? 3);
    let last: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await delay((this.options.reconnectDelayMs ?? 200) * attempt, signal);
      if (this.closed) throw new ChangerError('DEVICE_NOT_CONNECTED', `${this.description} is closed`);
      try {
        const session = await openSession(this.url.host, this.url.port, 'Normal', this.url.targetName, this.settings, signal);
        this.loginCount++;
        session.onLogoutRequested = () => {
          this.logoutWanted = true;
          if (!this.busy) void this.logoutForTarget();
        };
        this.session = session;
        this.logoutWanted = false;
        return session;
      } catch (e) {
        last = e;
        // A refusal will not change by asking again.
        if (e instanceof ChangerError && e.cause instanceof LoginFailure && e.cause.statusClass === 2) throw e;
        if (signal.aborted) throw signal.reason;
      }
    }
    throw last;
  }

  /** The target asked us to log out (e.g. it is shutting down): do so between commands. */
  private async logoutForTarget(): Promise<void> {
    const session = this.session;
    this.logoutWanted = false;
    if (session === undefined) return;
    this.session = undefined;
    await session.logout(this.options.logoutTimeoutMs ?? 2000);
  }

  /** Logs out and closes; commands in progress fail DEVICE_NOT_CONNECTED. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const session = this.session ?? (await this.connecting?.catch(() => undefined));
    this.session = undefined;
    await session?.logout(this.options.logoutTimeoutMs ?? 2000);
  }
}
