// tgt's own SMC changer (Debian's `tgt`: tgtd + tgtadm) on a free loopback port, laid out like one of
// our profiles, as the peer the iSCSI bench compares against. Set up the way
// ../shared/interop/tgt-changer.sh and test/interop/iscsi-tgt.test.ts do: foreground tgtd with its
// own control socket, the changer on LUN 1 (tgt keeps LUN 0 for its controller).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ElementRange {
  /** SMC element type: 1 transport, 2 storage, 3 import/export, 4 data transfer. */
  readonly type: 1 | 2 | 3 | 4;
  readonly first: number;
  readonly count: number;
}

export interface TgtChangerLayout {
  readonly ranges: readonly ElementRange[];
  /** Storage or import/export address → barcode (tgt takes at most 10 characters). */
  readonly cartridges: ReadonlyMap<number, string>;
}

export interface TgtChanger {
  readonly url: string;
  stop(): Promise<void>;
}

const IQN = 'iqn.2024-01.org.changer.bench:tgt';

export function run(command: string, args: readonly string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 10_000 }, (error, _stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stderr: stderr || (error?.message ?? '') });
    });
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/** Why tgt cannot run here, or undefined when tgtd and tgtadm are installed and we are root. */
export async function tgtUnavailable(): Promise<string | undefined> {
  if ((await run('tgtd', ['--help'])).code === -1 || (await run('tgtadm', ['--help'])).code === -1) return 'tgtd is not installed (apt-get install tgt)';
  if (process.getuid?.() !== 0) return 'tgtd needs root';
  return undefined;
}

/** Runs tasks with at most `width` in flight: tgtadm is one process per setting, and there are thousands. */
async function inParallel(tasks: readonly (() => Promise<void>)[], width: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) await (tasks[next++] as () => Promise<void>)();
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/** A foreground tgtd on a free loopback port with its own control socket, and tgtadm bound to it. */
export interface Tgtd {
  readonly port: number;
  /** A scratch directory for backing files, removed by stop(). */
  readonly dir: string;
  readonly pid: number | undefined;
  tgtadm(...args: string[]): Promise<void>;
  stop(): Promise<void>;
}

/** `parent`: where the scratch directory goes (the tape bench puts both targets' tapes on one file system). */
export async function startTgtd(parent: string = tmpdir()): Promise<Tgtd> {
  const dir = await mkdtemp(join(parent, 'changer-bench-tgt-'));
  const port = await freePort();
  // tgtd's control socket number must stay below 32768.
  const ctl = String(1000 + (port % 30000));
  await mkdir('/var/run/tgtd', { recursive: true });
  const tgtd: ChildProcess = spawn('tgtd', ['-f', '-C', ctl, '--iscsi', `portal=127.0.0.1:${port}`], { stdio: 'ignore' });
  // If the bench dies, tgtd must not outlive it (tgtd ignores SIGTERM).
  const killOnExit = (): void => void tgtd.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => tgtd.once('exit', () => resolve()));
  const tgtadm = async (...args: string[]): Promise<void> => {
    const result = await run('tgtadm', ['-C', ctl, '--lld', 'iscsi', ...args]);
    if (result.code !== 0) throw new Error(`tgtadm ${args.join(' ')}: ${result.stderr.trim()}`);
  };
  const stop = async (): Promise<void> => {
    if (tgtd.exitCode === null && tgtd.signalCode === null) {
      await run('tgtadm', ['-C', ctl, '--lld', 'iscsi', '--op', 'delete', '--mode', 'target', '--tid', '1', '--force']);
      await run('tgtadm', ['-C', ctl, '--lld', 'iscsi', '--op', 'delete', '--mode', 'system']);
      const timer = setTimeout(() => tgtd.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
    process.off('exit', killOnExit);
    await rm(dir, { recursive: true, force: true });
    await rm(`/var/run/tgtd/socket.${ctl}`, { force: true });
    await rm(`/var/run/tgtd/socket.${ctl}.lock`, { force: true });
  };
  try {
    await new Promise<void>((resolve, reject) => {
      tgtd.once('error', reject);
      tgtd.once('spawn', resolve);
    });
    for (let i = 0; ; i++) {
      if ((await run('tgtadm', ['-C', ctl, '--lld', 'iscsi', '--op', 'show', '--mode', 'sys'])).code === 0) break;
      if (i > 50 || tgtd.exitCode !== null) throw new Error(`tgtd did not come up on 127.0.0.1:${port}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, dir, pid: tgtd.pid, tgtadm, stop };
}

export async function startTgtChanger(layout: TgtChangerLayout): Promise<TgtChanger> {
  const { port, dir, tgtadm, stop } = await startTgtd();
  try {
    await tgtadm('--op', 'new', '--mode', 'target', '--tid', '1', '-T', IQN);
    await writeFile(join(dir, 'smc'), Buffer.alloc(1024));
    await tgtadm('--mode', 'logicalunit', '--op', 'new', '--tid', '1', '--lun', '1', '-b', join(dir, 'smc'), '--device-type=changer');
    const update = (params: string): Promise<void> => tgtadm('--mode', 'logicalunit', '--op', 'update', '--tid', '1', '--lun', '1', '--params', params);
    await update('removable=1,vendor_id=IET,product_id=VIRTUAL-CHANGER');
    await update(`media_home=${dir}`);
    for (const range of layout.ranges) await update(`element_type=${range.type},start_address=${range.first},quantity=${range.count}`);
    const types = new Map(layout.ranges.flatMap((r) => Array.from({ length: r.count }, (_, i): [number, number] => [r.first + i, r.type])));
    await inParallel([...layout.cartridges].map(([address, barcode]) => () => update(`element_type=${types.get(address) ?? 2},address=${address},barcode=${barcode},sides=1`)), 6);
    await tgtadm('--op', 'bind', '--mode', 'target', '--tid', '1', '-I', 'ALL');
    return { url: `iscsi://127.0.0.1:${port}/${IQN}/1`, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
