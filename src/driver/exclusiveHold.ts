import { createHash } from 'node:crypto';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unlinkSync } from 'node:fs';
import { ChangerError } from './changerError.ts';

/**
 * The exclusive open of a changer (IRP_MJ_CREATE → STATUS_DEVICE_BUSY when held), across
 * processes. The hold is a listening Unix socket named after the device: on Linux in the
 * abstract namespace, which the kernel frees the instant the holding process dies — so a crashed
 * owner can never leave a stale hold behind, and there is no lock file to race over. Elsewhere a
 * socket file is used, and one nobody answers on is stale and taken over.
 */

export interface HoldInfo {
  readonly owner: string;
  readonly pid: number;
  readonly since: string;
}

export class ExclusiveHold {
  private constructor(private readonly server: Server, private readonly path: string, readonly info: HoldInfo) {}

  /** Take the hold on `deviceKey` or fail with DEVICE_BUSY naming the holder. */
  static async acquire(deviceKey: string, owner: string): Promise<ExclusiveHold> {
    const path = socketPathFor(deviceKey);
    const info: HoldInfo = { owner, pid: process.pid, since: new Date().toISOString() };
    for (let attempt = 0; attempt < 2; attempt++) {
      const server = createServer((sock) => sock.end(JSON.stringify(info)));
      const error = await listen(server, path);
      if (error === undefined) {
        server.unref(); // the hold must not keep a finished program alive
        return new ExclusiveHold(server, path, info);
      }
      if (error.code !== 'EADDRINUSE') throw new ChangerError('INSUFFICIENT_RESOURCES', `cannot hold ${deviceKey}: ${error.message}`, { cause: error });
      const holder = await askHolder(path);
      if (holder !== undefined) {
        throw new ChangerError('DEVICE_BUSY', `${deviceKey} is held by ${holder.owner} (pid ${holder.pid}, since ${holder.since}); close it there first`);
      }
      if (isAbstract(path)) break; // nobody answered but the name is bound: the holder is shutting down
      try {
        unlinkSync(path); // a socket file left by a dead process
      } catch {
        /* someone else removed it first; try again */
      }
    }
    throw new ChangerError('DEVICE_BUSY', `${deviceKey} is held by another process`);
  }

  async release(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if (!isAbstract(this.path)) {
      try {
        unlinkSync(this.path);
      } catch {
        /* already gone */
      }
    }
  }
}

function isAbstract(path: string): boolean {
  return path.startsWith('\0');
}

function socketPathFor(deviceKey: string): string {
  const digest = createHash('sha256').update(deviceKey).digest('hex').slice(0, 40);
  return process.platform === 'linux' ? `\0changer-hold-${digest}` : join(tmpdir(), `changer-hold-${digest}.sock`);
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

/** Ask the current holder who it is; undefined if nobody answers within a second. */
function askHolder(path: string): Promise<HoldInfo | undefined> {
  return new Promise((resolve) => {
    const sock = connect(path);
    let text = '';
    const done = (v: HoldInfo | undefined): void => {
      sock.destroy();
      resolve(v);
    };
    sock.setTimeout(1000, () => done(undefined));
    sock.on('data', (d) => (text += d.toString('utf8')));
    sock.on('error', () => done(undefined));
    sock.on('end', () => {
      try {
        const v = JSON.parse(text) as Partial<HoldInfo>;
        done(typeof v.owner === 'string' && typeof v.pid === 'number' ? { owner: v.owner, pid: v.pid, since: String(v.since) } : undefined);
      } catch {
        done(undefined);
      }
    });
  });
}
