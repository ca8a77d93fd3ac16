// `npm start` as a user runs it: a child process that prints the API URL, the /docs URL and an
// admin token, serves the API, stops cleanly on SIGTERM and SIGINT (library state saved), and
// prints the same token on the next start. The library runs on the virtual clock here.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { LibrarySummary, MediumView, RequestView } from '../../../src/rsm/service.ts';
import { ApiClient } from './apiClient.ts';

const START = join(import.meta.dirname, '..', '..', '..', 'src', 'cli', 'start.ts');

interface Started {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly token: string;
  readonly banner: string;
  stdout(): string;
  exited: Promise<number | null>;
}

function startManager(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', START, ...args], { env: { ...process.env, ...env }, cwd: join(import.meta.dirname, '..', '..', '..') });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no banner in time:\n${out}\n${err}`)), 60_000);
    const check = (): void => {
      const url = /^ {2}API +(http:\/\/\S+)$/m.exec(out)?.[1];
      const token = /^ {2}admin token (chg_\S+)$/m.exec(out)?.[1];
      if (url !== undefined && token !== undefined && out.includes('Ctrl-C')) {
        clearTimeout(timer);
        resolve({ child, url, token, banner: out, stdout: () => out, exited });
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${String(code)}) before serving:\n${out}\n${err}`));
    });
  });
}

function runToExit(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', START, ...args]);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

describe('npm start', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'changer-start-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('serves the embedded library, prints URL, docs and an admin token; stops on SIGTERM; the next start prints the same token and finds the tape where it was', async () => {
    const data = join(dir, 'data');
    const args = ['--data', data, '--listen', '127.0.0.1:0', '--iscsi-listen', '127.0.0.1:0', '--library', `virtual:${join(data, 'library')}?profile=library-24&clock=virtual`];
    const first = await startManager(args);
    assert.match(first.banner, /^ {2}API docs +http:\/\/127\.0\.0\.1:\d+\/docs /m);
    assert.match(first.banner, /^ {2}library +library — 24 slots, 2 drives, 1 mailslot, 19 media$/m);
    assert.match(first.banner, /\(new; its secret is kept in .*admin-token and printed again at every start\)/);
    assert.match(first.banner, /npx changer libraries --server http:\/\/127\.0\.0\.1:\d+ --token chg_/);
    const api = new ApiClient(first.url, first.token);
    assert.equal((await api.get('/healthz')).status, 200);
    const [library] = (await api.get<LibrarySummary[]>('/v1/libraries')).body;
    assert.deepEqual([library?.name, library?.ownedHere], ['library', true]);
    const mount = await api.post<RequestView>('/v1/mounts?wait=20000', { library: 'library', barcode: 'A00001L8', drive: 0 });
    assert.equal(mount.body.state, 'completed');
    first.child.kill('SIGTERM');
    assert.equal(await first.exited, 0);
    assert.match(first.stdout(), /SIGTERM: stopping the manager…\nStopped; the library state is saved\.\n$/);

    const second = await startManager(args);
    assert.equal(second.token, first.token);
    assert.match(second.banner, /\(from .*admin-token; delete that file for a new one\)/);
    const again = new ApiClient(second.url, second.token);
    assert.deepEqual((await again.get<MediumView>('/v1/libraries/library/media/A00001L8')).body.location, { type: 'drive', index: 0 });
    second.child.kill('SIGINT');
    assert.equal(await second.exited, 0);
  });

  test('bad settings and a busy port: a one-line reason and a non-zero exit', async () => {
    const badFlag = await runToExit(['--colour', 'red']);
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.stderr, /^npm start: Unknown option '--colour'/);
    const badListen = await runToExit(['--listen', 'localhost']);
    assert.equal(badListen.code, 2);
    assert.match(badListen.stderr, /"localhost" is not HOST:PORT/);

    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const data = join(dir, 'busy');
    const busy = await runToExit(['--data', data, '--listen', `127.0.0.1:${port}`, '--library', `virtual:${join(data, 'library')}?profile=library-24&clock=virtual`]);
    blocker.close();
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, new RegExp(`npm start: 127\\.0\\.0\\.1:${port} is already in use \\(is another manager running\\?\\)`));
  });
});
