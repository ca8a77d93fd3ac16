import { resolve } from 'node:path';
import { ChangerError } from '../../shared/changerError.ts';
import { EmulatorError, VirtualLibrary, clockFromSpec } from '../../emulator/index.ts';
import type { ChapCredentials } from '../../iscsi/login/chap.ts';
import {
  DEFAULT_LOGIN_TIMEOUT_MS, DEFAULT_NOP_IN_INTERVAL_MS, DEFAULT_NOP_IN_TIMEOUT_MS, DEFAULT_PEER_LIMITS, IscsiTarget,
  type IscsiTargetLogger, type IscsiTargetOptions, type PeerLimits,
} from '../../iscsi/target/index.ts';
import { formatIscsiUrl } from '../../transport/iscsiUrl.ts';
import { DEFAULT_DEVICE } from '../context.ts';
import { CHANGER_LUN, DEFAULT_IQN_PREFIX, libraryIqn, libraryTarget, servedDrives } from '../libraryTarget.ts';
import { writeLine, type Output } from '../output.ts';
import { UsageError } from '../usageError.ts';
import { checkChapSecret } from '../chapSecret.ts';

/**
 * `changer emulate`: virtual libraries as iSCSI targets, for real initiators (Linux, Windows,
 * QEMU, libiscsi) and for `changer --device iscsi://…`. Each library is its own IQN,
 * <prefix>:<its directory's name>, with the changer on LUN 0 and its tape drives on LUNs 1…N
 * (drive k at 1 + k, in element-address order). Runs until SIGINT or SIGTERM, then
 * asks initiators to log out, closes what is left and saves every library.
 */

export interface EmulateOptions {
  readonly listen?: string;
  readonly library?: readonly string[];
  readonly chap?: string;
  readonly mutualChap?: string;
  readonly iqnPrefix?: string;
  /** What one peer may hold, as the command line gives them (counts, and seconds for the times). */
  readonly maxConnections?: string;
  readonly loginsPerAddress?: string;
  readonly sessionsPerAddress?: string;
  readonly loginTimeout?: string;
  readonly nopInterval?: string;
  readonly nopTimeout?: string;
}

/** The target's guards against peers that hold connections and do nothing, in the units the user gives. */
export interface PeerGuards {
  readonly limits: PeerLimits;
  readonly loginTimeoutSeconds: number;
  /** 0: no NOP-In pings. */
  readonly nopIntervalSeconds: number;
  readonly nopTimeoutSeconds: number;
}

export { DEFAULT_IQN_PREFIX, libraryIqn };
const DEFAULT_LISTEN = '127.0.0.1:3260';

interface LibrarySpec {
  readonly dir: string;
  readonly profile: string | undefined;
  readonly clock: string | undefined;
  readonly iqn: string;
}

interface ServedLibrary {
  readonly spec: LibrarySpec;
  readonly library: VirtualLibrary;
}

export function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (match === null || port > 65535) throw new UsageError(`--listen '${text}' is not <host>:<port> (e.g. 127.0.0.1:3260, [::1]:3260; port 0 picks a free one)`);
  return { host: match[1] ?? match[2] ?? '', port };
}

export function parseChap(option: string, text: string): { username: string; secret: string } {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) throw new UsageError(`${option} needs user:secret`);
  return checkChapSecret(option, { username: text.slice(0, colon), secret: text.slice(colon + 1) });
}

function parseCount(option: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const count = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(count) || count < 1) throw new UsageError(`${option} '${text}' is not a whole number of 1 or more`);
  return count;
}

/** Seconds, fractions allowed (tests use 0.2); `zeroMeans` names what 0 does where 0 is allowed. */
function parseSeconds(option: string, text: string | undefined, fallbackMs: number, zeroMeans?: string): number {
  if (text === undefined) return fallbackMs / 1000;
  const seconds = Number(text);
  const lowest = zeroMeans === undefined ? 0.001 : 0;
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds < lowest || seconds > 86_400) {
    throw new UsageError(`${option} '${text}' is not a number of seconds (e.g. 5 or 0.5${zeroMeans === undefined ? '' : `; 0 ${zeroMeans}`})`);
  }
  return seconds;
}

export function peerGuards(options: EmulateOptions): PeerGuards {
  return {
    limits: {
      maxConnections: parseCount('--max-connections', options.maxConnections, DEFAULT_PEER_LIMITS.maxConnections),
      loginsPerAddress: parseCount('--logins-per-address', options.loginsPerAddress, DEFAULT_PEER_LIMITS.loginsPerAddress),
      sessionsPerAddress: parseCount('--sessions-per-address', options.sessionsPerAddress, DEFAULT_PEER_LIMITS.sessionsPerAddress),
    },
    loginTimeoutSeconds: parseSeconds('--login-timeout', options.loginTimeout, DEFAULT_LOGIN_TIMEOUT_MS),
    nopIntervalSeconds: parseSeconds('--nop-interval', options.nopInterval, DEFAULT_NOP_IN_INTERVAL_MS, 'turns pings off'),
    nopTimeoutSeconds: parseSeconds('--nop-timeout', options.nopTimeout, DEFAULT_NOP_IN_TIMEOUT_MS),
  };
}

function targetGuards(guards: PeerGuards): Pick<IscsiTargetOptions, 'limits' | 'loginTimeoutMs' | 'nopInIntervalMs' | 'nopInTimeoutMs'> {
  return {
    limits: guards.limits,
    loginTimeoutMs: guards.loginTimeoutSeconds * 1000,
    nopInIntervalMs: guards.nopIntervalSeconds * 1000,
    nopInTimeoutMs: guards.nopTimeoutSeconds * 1000,
  };
}

/** iqn.yyyy-mm.<reversed domain>[:anything], lower case (RFC 7143 §4.2.7.2 after stringprep). */
export function checkIqnPrefix(prefix: string): string {
  if (!/^iqn\.\d{4}-(0[1-9]|1[0-2])\.[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:[a-z0-9.:-]*[a-z0-9])?$/.test(prefix)) {
    throw new UsageError(`--iqn-prefix '${prefix}' is not an iSCSI qualified name prefix like ${DEFAULT_IQN_PREFIX} (lower case letters, digits, '.', '-', ':')`);
  }
  return prefix;
}

/** `<dir>?profile=<name>&clock=…`, with or without the virtual: scheme. */
export function parseLibrary(text: string, prefix: string): LibrarySpec {
  const rest = text.startsWith('virtual:') ? text.slice('virtual:'.length) : text;
  const q = rest.indexOf('?');
  const dir = q < 0 ? rest : rest.slice(0, q);
  if (dir === '') throw new UsageError(`--library '${text}' names no directory (use <dir>?profile=<name>)`);
  const params = new URLSearchParams(q < 0 ? '' : rest.slice(q + 1));
  for (const key of params.keys()) {
    if (key !== 'profile' && key !== 'clock') throw new UsageError(`--library '${text}': unknown parameter '${key}' (profile and clock are known)`);
  }
  const absolute = resolve(dir);
  return { dir: absolute, profile: params.get('profile') ?? undefined, clock: params.get('clock') ?? undefined, iqn: libraryIqn(prefix, absolute) };
}

export function librarySpecs(options: EmulateOptions): LibrarySpec[] {
  const prefix = checkIqnPrefix(options.iqnPrefix ?? DEFAULT_IQN_PREFIX);
  const texts = options.library === undefined || options.library.length === 0 ? [DEFAULT_DEVICE] : options.library;
  const specs = texts.map((t) => parseLibrary(t, prefix));
  for (const [i, spec] of specs.entries()) {
    const earlier = specs.slice(0, i);
    if (earlier.some((s) => s.dir === spec.dir)) throw new UsageError(`--library ${spec.dir} is given twice`);
    const clash = earlier.find((s) => s.iqn === spec.iqn);
    if (clash !== undefined) throw new UsageError(`${clash.dir} and ${spec.dir} would both be ${spec.iqn}: the IQN comes from the directory's name, so give them different names`);
  }
  return specs;
}

function targetChap(options: EmulateOptions): ChapCredentials | undefined {
  if (options.mutualChap !== undefined && options.chap === undefined) throw new UsageError('--mutual-chap needs --chap: the target proves itself only to initiators that log in with CHAP');
  if (options.chap === undefined) return undefined;
  const chap = parseChap('--chap', options.chap);
  return options.mutualChap === undefined ? chap : { ...chap, mutual: parseChap('--mutual-chap', options.mutualChap) };
}

/** Emulator failures in the user's terms: a bad profile or clock is a bad argument, a held directory is busy. */
function openFailure(e: unknown, spec: LibrarySpec): unknown {
  if (!(e instanceof EmulatorError)) return e;
  if (e.code === 'BAD_URL' || e.code === 'PROFILE_NOT_FOUND') return new UsageError(`--library ${spec.dir}: ${e.message}`);
  if (e.code === 'LIBRARY_IN_USE') return new ChangerError('DEVICE_BUSY', e.message, { cause: e });
  return new ChangerError('NO_SUCH_DEVICE', `${spec.dir}: ${e.message}`, { cause: e });
}

async function openLibraries(specs: readonly LibrarySpec[]): Promise<ServedLibrary[]> {
  const served: ServedLibrary[] = [];
  try {
    for (const spec of specs) {
      const clock = (() => {
        try {
          return clockFromSpec(spec.clock);
        } catch (e) {
          throw openFailure(e, spec);
        }
      })();
      const library = await VirtualLibrary.open({ dir: spec.dir, ...(spec.profile === undefined ? {} : { profile: spec.profile }), clock }).catch((e: unknown) => {
        throw openFailure(e, spec);
      });
      served.push({ spec, library });
    }
    return served;
  } catch (e) {
    await Promise.allSettled(served.map((s) => s.library.close()));
    throw e;
  }
}

async function listen(target: IscsiTarget, where: { host: string; port: number }): Promise<number> {
  try {
    return (await target.listen(where.port, where.host)).port;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const at = `${where.host}:${where.port}`;
    if (code === 'EADDRINUSE') throw new Error(`cannot listen on ${at}: the port is already in use (another iSCSI target such as tgtd or iscsitarget, or another changer emulate); choose another with --listen`);
    if (code === 'EACCES') throw new Error(`cannot listen on ${at}: permission denied (ports below 1024 need root); choose another with --listen`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new Error(`cannot listen on ${at}: no such local address`);
    throw new Error(`cannot listen on ${at}: ${(e as Error).message}`);
  }
}

/** Resolves with the signal's name when SIGINT or SIGTERM arrives, or "stop" when `stop` aborts. */
function stopRequested(stop: AbortSignal | undefined): { stopped: Promise<string>; dispose: () => void } {
  let done: (reason: string) => void = () => undefined;
  const stopped = new Promise<string>((resolveStop) => {
    done = resolveStop;
  });
  const onSignal = (signal: NodeJS.Signals): void => done(signal);
  const onAbort = (): void => done('stop');
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  stop?.addEventListener('abort', onAbort, { once: true });
  if (stop?.aborted === true) done('stop');
  return {
    stopped,
    // Kept until the libraries are saved: a second Ctrl-C must not kill the process mid-save.
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      stop?.removeEventListener('abort', onAbort);
    },
  };
}

function logger(output: Output): IscsiTargetLogger {
  const line = (message: string): void => void output.err.write(`changer emulate: ${message}\n`);
  return { info: line, warn: line };
}

function announce(output: Output, host: string, port: number, served: readonly ServedLibrary[], chap: ChapCredentials | undefined, guards: PeerGuards): void {
  const libraries = served.map(({ spec, library }) => ({
    iqn: spec.iqn, lun: CHANGER_LUN, url: formatIscsiUrl({ host, port, targetName: spec.iqn, lun: CHANGER_LUN }),
    dir: spec.dir, profile: library.profile.name, clock: spec.clock ?? 'real',
    drives: servedDrives(library, spec.iqn, { host, port }).map(({ lun, url, serial }) => ({ lun, url, serial })),
  }));
  if (output.json) {
    output.out.write(JSON.stringify({ event: 'listening', host, port, chap: chap === undefined ? null : { username: chap.username, mutual: chap.mutual !== undefined }, libraries, guards }) + '\n');
    return;
  }
  writeLine(output, `Listening on ${host.includes(':') ? `[${host}]` : host}:${port}, ${served.length} virtual ${served.length === 1 ? 'library' : 'libraries'}:`);
  for (const l of libraries) {
    writeLine(output, `  ${l.iqn}  ${l.profile}, clock ${l.clock}, state in ${l.dir}`);
    writeLine(output, `    changer status --device ${l.url}`);
    if (l.drives.length > 0) writeLine(output, `    tape drives at LUN${l.drives.length === 1 ? ' 1' : `s 1-${l.drives.length}`} (serials ${l.drives.map((d) => d.serial).join(', ')})`);
  }
  if (chap !== undefined) {
    writeLine(output, `CHAP required: user '${chap.username}'${chap.mutual === undefined ? '' : `, and the target answers mutual CHAP as '${chap.mutual.username}'`}; URLs take iscsi://${chap.username}:<secret>@…`);
  }
  const { limits } = guards;
  writeLine(output, `Each initiator address may have ${limits.loginsPerAddress} logins in progress and ${limits.sessionsPerAddress} sessions without CHAP; ${limits.maxConnections} connections in all.`);
  writeLine(output, `Logins must finish within ${guards.loginTimeoutSeconds} s; ${guards.nopIntervalSeconds === 0 ? 'no NOP-In pings' : `NOP-In every ${guards.nopIntervalSeconds} s, answered within ${guards.nopTimeoutSeconds} s`}.`);
  writeLine(output, 'Ctrl-C (SIGINT) or SIGTERM stops and saves every library.');
}

async function shutDown(output: Output, target: IscsiTarget, served: readonly ServedLibrary[], reason: string): Promise<void> {
  const sessions = target.sessionCount;
  if (!output.json) writeLine(output, `${reason}: stopping, ${sessions} session${sessions === 1 ? '' : 's'} open`);
  await target.close({ graceMs: 1000 });
  const saved: { iqn: string; state: string }[] = [];
  const failures: string[] = [];
  for (const { spec, library } of served) {
    try {
      await library.close();
      saved.push({ iqn: spec.iqn, state: library.location });
      if (!output.json) writeLine(output, `Saved ${spec.iqn} to ${library.location}`);
    } catch (e) {
      failures.push(`${spec.iqn}: ${(e as Error).message}`);
    }
  }
  if (output.json) output.out.write(JSON.stringify({ event: 'stopped', reason, sessions, saved }) + '\n');
  if (failures.length > 0) throw new Error(`could not save ${failures.join('; ')}`);
}

/** Serves until SIGINT/SIGTERM (or `stop`); every argument is checked before anything opens. */
export async function emulateCommand(output: Output, options: EmulateOptions, stop?: AbortSignal): Promise<void> {
  const where = parseListen(options.listen ?? DEFAULT_LISTEN);
  const chap = targetChap(options);
  const guards = peerGuards(options);
  const specs = librarySpecs(options);
  const served = await openLibraries(specs);
  const target = new IscsiTarget({
    targets: served.map(({ spec, library }) => libraryTarget(spec.iqn, spec.dir, library, chap)),
    logger: logger(output),
    ...targetGuards(guards),
  });
  const signals = stopRequested(stop);
  try {
    let port: number;
    try {
      port = await listen(target, where);
    } catch (e) {
      await target.close({ graceMs: 0 });
      await Promise.allSettled(served.map((s) => s.library.close()));
      throw e;
    }
    announce(output, where.host, port, served, chap, guards);
    await shutDown(output, target, served, await signals.stopped);
  } finally {
    signals.dispose();
  }
}
