// SIGTERM stops the manager whatever started it: real processes, real signals. `npm start` (npm →
// the manager) and a shell that does not pass signals on (sh → the manager): after SIGTERM to
// the parent, the manager's process is gone and its API port refuses connections.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
/** The manager saves its libraries and releases them within this; far more than it needs. */
const STOP_DEADLINE_MS = 20_000;

interface Parent {
  readonly child: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;
  /** The API URL and the manager's own pid, once the banner is out. */
  readonly up: Promise<{ api: string; managerPid: number }>;
  output(): string;
}

function startUnder(command: string, args: readonly string[]): Parent {
  const child = spawn(command, [...args], { cwd: ROOT, env: { ...process.env, CHANGER_ISCSI_LISTEN: 'off' } });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const up = new Promise<{ api: string; managerPid: number }>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      // The manager's log lines (stderr, JSON) carry its pid; the banner's last line says it is up.
      const pid = /"pid":(\d+)/.exec(err)?.[1];
      const api = /^ {2}API +(http:\/\/\S+)$/m.exec(out)?.[1];
      if (out.includes('Ctrl-C') && pid !== undefined && api !== undefined) resolve({ api, managerPid: Number(pid) });
    });
    void exited.then((code) => reject(new Error(`${command} exited (${String(code)}) before serving:\n${out}\n${err}`)));
  });
  return { child, exited, up, output: () => out };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The manager is not our child: nothing tells us it ended but asking. */
async function gone(pid: number): Promise<boolean> {
  const deadline = Date.now() + STOP_DEADLINE_MS;
  while (alive(pid) && Date.now() < deadline) await delay(50);
  return !alive(pid);
}

function refused(api: string): Promise<string> {
  const { hostname, port } = new URL(api);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('SIGTERM to the process that started the manager', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'changer-serve-signals-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('npm start: SIGTERM to npm stops the manager; its process is gone and the port is free', async () => {
    const npm = startUnder('npm', ['start', '--', '--data', join(dir, 'npm'), '--listen', '127.0.0.1:0']);
    const { api, managerPid } = await npm.up;
    assert.notEqual(managerPid, npm.child.pid, 'the manager runs in a process of its own under npm');
    npm.child.kill('SIGTERM');
    await npm.exited;
    assert.equal(await gone(managerPid), true, `manager pid ${managerPid} still runs`);
    assert.equal(await refused(api), 'ECONNREFUSED');
    assert.match(npm.output(), /SIGTERM: stopping the manager…\nStopped; the library state is saved\.\n$/);
  });

  test('a shell that does not pass SIGTERM on: the manager sees its parent gone and stops', async () => {
    // "; exit $?" keeps sh from exec'ing node, so sh stays the parent and dies alone on SIGTERM.
    const script = `"${process.execPath}" --import tsx src/cli/start.ts --data "${join(dir, 'sh')}" --listen 127.0.0.1:0; exit $?`;
    const sh = startUnder('sh', ['-c', script]);
    const { api, managerPid } = await sh.up;
    assert.notEqual(managerPid, sh.child.pid);
    sh.child.kill('SIGTERM');
    assert.equal(await sh.exited, null, 'sh died of the signal');
    assert.equal(await gone(managerPid), true, `manager pid ${managerPid} still runs, orphaned`);
    assert.equal(await refused(api), 'ECONNREFUSED');
    assert.match(sh.output(), /parent exited: stopping the manager…\nStopped; the library state is saved\.\n$/);
  });
});
