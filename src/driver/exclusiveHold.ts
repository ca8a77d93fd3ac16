import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, lstatSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChangerError } from '../shared/changerError.ts';

/**
 * The exclusive open of a changer (IRP_MJ_CREATE → STATUS_DEVICE_BUSY when held), across
 * processes. The hold is a listening Unix socket named after the device, in a directory only this
 * user can enter (so no other user can connect to it, squat its name or remove it), beside a small
 * file naming the holder. Whoever finds the name bound asks the holder who it is:
 * - it answers: the changer is busy, and the answer names the holder;
 * - nobody listens any more (ECONNREFUSED): the holder died without closing; the hold is stale
 *   and taken over;
 * - it accepts but never answers: the holder is alive but stopped or hung. That is busy too —
 *   except for a caller that proved by other means that the holder lost the device (a manager
 *   that took the library's lease, fenced at the device by its persistent reservation), which may
 *   take the hold over.
 * Every socket has its error handler: a client that connects and leaves at once costs the holder
 * nothing but that socket.
 */

export interface HoldInfo {
  readonly owner: string;
  readonly pid: number;
  readonly since: string;
}

export interface HoldOptions {
  /**
   * Take the hold from a holder that is alive but does not answer (SIGSTOPped, hung). Only for a
   * caller that already knows the holder lost the device: a manager holding the library's lease.
   */
  readonly takeFromSilentHolder?: boolean;
  /** Where holds live; default holdDirectory(). */
  readonly directory?: string;
}

/** How long a holder has to answer who it is. A live event loop answers in well under a millisecond. */
const ANSWER_WAIT_MS = 1000;

export class ExclusiveHold {
  private constructor(
    private readonly server: Server,
    private readonly path: string,
    readonly info: HoldInfo,
  ) {}

  /** Take the hold on `deviceKey` or fail with DEVICE_BUSY naming the holder. */
  static async acquire(deviceKey: string, owner: string, options: HoldOptions = {}): Promise<ExclusiveHold> {
    const path = holdSocketPath(deviceKey, options.directory);
    const info: HoldInfo = { owner, pid: process.pid, since: new Date().toISOString() };
    const server = createServer((asker) => answer(asker, info));
    const bound = process.platform === 'win32' ? path : `${path}.${process.pid}-${randomBytes(6).toString('hex')}`;
    const error = await listen(server, bound);
    if (error !== undefined) {
      if (error.code === 'EADDRINUSE') throw new ChangerError('DEVICE_BUSY', `${deviceKey} is held by another process`);
      throw new ChangerError('INSUFFICIENT_RESOURCES', `cannot hold ${deviceKey}: ${error.message}`, { cause: error });
    }
    server.on('error', () => undefined); // a listening server has nothing left to fail on that matters
    server.unref(); // the hold must not keep a finished program alive
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        if (takeName(bound, path)) {
          claim(path, info);
          return new ExclusiveHold(server, path, info);
        }
        const holder = await askHolder(path);
        if (holder.kind === 'answered') {
          throw new ChangerError('DEVICE_BUSY', `${deviceKey} is held by ${named(holder.info ?? recordedHolder(path))}; close it there first`);
        }
        if (holder.kind === 'silent' && !options.takeFromSilentHolder) {
          throw new ChangerError('DEVICE_BUSY', `${deviceKey} is held by ${named(recordedHolder(path))} that does not answer (stopped or hung); resume or stop it first`);
        }
        // A dead holder's socket file, or a silent one we may take over — but only the very file we
        // asked: another process may have taken the stale hold over meanwhile and linked its own.
        if (inodeOf(path) === holder.inode) removeSocket(path);
      }
      throw new ChangerError('DEVICE_BUSY', `${deviceKey} is held by another process (its hold keeps reappearing)`);
    } catch (e) {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      throw e;
    }
  }

  async release(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (process.platform === 'win32') return; // named pipes go with their server
    // Unlink only our own socket: after a takeover the name belongs to the new holder, whose
    // holder file names it (inode numbers are no proof: a new socket may reuse ours).
    const holder = recordedHolder(this.path);
    if (holder?.pid === this.info.pid && holder.since === this.info.since && holder.owner === this.info.owner) removeSocket(this.path);
  }
}

/**
 * The directory holds live in: `$CHANGER_RUNTIME_DIR`, else `$XDG_RUNTIME_DIR/changer`, else
 * `<tmp>/changer-<uid>`; created owner-only, and refused when it belongs to someone else.
 */
export function holdDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHANGER_RUNTIME_DIR !== undefined && env.CHANGER_RUNTIME_DIR !== '') return env.CHANGER_RUNTIME_DIR;
  if (env.XDG_RUNTIME_DIR !== undefined && env.XDG_RUNTIME_DIR !== '') return join(env.XDG_RUNTIME_DIR, 'changer');
  return join(tmpdir(), `changer-${process.getuid?.() ?? 'user'}`);
}

function privateDirectory(directory: string): string {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  const stat = lstatSync(directory);
  const uid = process.getuid?.();
  if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) {
    throw new ChangerError(
      'INSUFFICIENT_RESOURCES',
      `${directory} is not a directory of this user's (uid ${String(uid)}), so a changer hold there would not be private; set CHANGER_RUNTIME_DIR to a directory of your own`,
    );
  }
  if ((stat.mode & 0o077) !== 0) chmodSync(directory, 0o700);
  return directory;
}

/** Where the hold on `deviceKey` listens (creating the private directory if need be). */
export function holdSocketPath(deviceKey: string, directory?: string): string {
  const digest = createHash('sha256').update(deviceKey).digest('hex').slice(0, 40);
  if (process.platform === 'win32') return `\\\\.\\pipe\\changer-hold-${digest}`;
  return join(privateDirectory(directory ?? holdDirectory()), `hold-${digest}.sock`);
}

/**
 * Who holds `deviceKey`, as the holder's file says: for a caller that was just refused with
 * DEVICE_BUSY and must decide whether to wait (another short command) or not (a manager that owns
 * the device for good). undefined when nobody holds it or the holder left no file.
 */
export function recordedHolderOf(deviceKey: string, directory?: string): HoldInfo | undefined {
  return recordedHolder(holdSocketPath(deviceKey, directory));
}

/** The file beside the socket that names the holder, for when the holder cannot answer. */
function holderFile(path: string): string {
  return `${path}.holder`;
}

/** Make the socket ours alone and say who holds it. */
function claim(path: string, info: HoldInfo): void {
  if (process.platform === 'win32') return;
  chmodSync(path, 0o600);
  writeFileSync(holderFile(path), JSON.stringify(info), { mode: 0o600 });
}

function named(holder: HoldInfo | undefined): string {
  return holder === undefined ? 'another process' : `${holder.owner} (pid ${holder.pid}, since ${holder.since})`;
}

function recordedHolder(path: string): HoldInfo | undefined {
  try {
    return parseHoldInfo(readFileSync(holderFile(path), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Give the bound socket the hold's name, atomically and only if nobody has it: a hard link fails
 * when the name exists. The socket is bound under a name of its own first because Node unlinks a
 * Unix socket's path when its server closes — a holder that was taken over would otherwise remove
 * its successor's socket when it finally closes.
 */
function takeName(bound: string, path: string): boolean {
  if (bound === path) return true; // a named pipe: bound under its own name already
  try {
    linkSync(bound, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new ChangerError('INSUFFICIENT_RESOURCES', `cannot hold ${path}: ${(e as Error).message}`, { cause: e });
  }
  unlinkSync(bound);
  return true;
}

function inodeOf(path: string): number | undefined {
  try {
    return statSync(path).ino;
  } catch {
    return undefined;
  }
}

function removeSocket(path: string): void {
  for (const file of [path, holderFile(path)]) {
    try {
      unlinkSync(file);
    } catch {
      /* already gone (another process took it over first) */
    }
  }
}

function answer(asker: Socket, info: HoldInfo): void {
  // An asker that hangs up before the answer is written must cost nothing: EPIPE/ECONNRESET land here.
  asker.on('error', () => asker.destroy());
  asker.setTimeout(ANSWER_WAIT_MS, () => asker.destroy());
  asker.end(JSON.stringify(info));
}

function listen(server: Server, path: string): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const onError = (e: NodeJS.ErrnoException): void => resolve(e);
    server.once('error', onError);
    server.listen(path, () => {
      server.off('error', onError);
      resolve(undefined);
    });
  });
}

/**
 * What asking the holder showed: it answered (alive; `info` undefined when it hung up without
 * saying who it is, e.g. while closing), nobody listens (gone), or it accepted and said nothing
 * within the wait (silent: stopped or hung).
 */
type HolderAnswer =
  | { readonly kind: 'answered'; readonly info: HoldInfo | undefined }
  | { readonly kind: 'gone' | 'silent'; readonly inode?: number | undefined };

function parseHoldInfo(text: string): HoldInfo | undefined {
  try {
    const v = JSON.parse(text) as Partial<HoldInfo>;
    return typeof v.owner === 'string' && typeof v.pid === 'number' ? { owner: v.owner, pid: v.pid, since: String(v.since) } : undefined;
  } catch {
    return undefined;
  }
}

/** Ask the current holder who it is (and note which socket file was asked). */
async function askHolder(path: string): Promise<HolderAnswer> {
  const inode = inodeOf(path);
  const answer = await ask(path);
  return answer.kind === 'answered' ? answer : { ...answer, inode };
}

function ask(path: string): Promise<HolderAnswer> {
  return new Promise((resolve) => {
    const sock = connect(path);
    let text = '';
    const done = (v: HolderAnswer): void => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(ANSWER_WAIT_MS, () => done({ kind: 'silent' }));
    sock.on('data', (d) => (text += d.toString('utf8')));
    // A reset after connecting is a live holder hanging up; only a refused connect means nobody listens.
    sock.on('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' || e.code === 'ENOENT' ? { kind: 'gone' } : { kind: 'answered', info: undefined }));
    sock.on('end', () => done({ kind: 'answered', info: parseHoldInfo(text) }));
  });
}
