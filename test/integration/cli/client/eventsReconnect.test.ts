import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import type { ManagerEvent } from '../../../../src/rsm/events.ts';

// `changer events` outlives a manager that is killed and started again: it says so once on
// stderr, reconnects with Last-Event-ID, and what it prints is every event of the first process
// after it connected and every event of the second, each once.

const SRC = join(import.meta.dirname, '../../../../src/cli');

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** The manager as an operator runs it, on a fixed port so a restart is found where it was. */
async function startManager(data: string, port: number): Promise<{ child: ChildProcessWithoutNullStreams; token: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(SRC, 'start.ts'), '--data', data, '--listen', `127.0.0.1:${port}`, '--iscsi-listen', '127.0.0.1:0']);
  child.stderr.resume();
  const token = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^ {2}admin token (chg_\S+)/.exec(line);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`the manager exited (${String(code)}) before it was ready`)));
  });
  return { child, token };
}

async function api(url: string, token: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(url + path, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return response.headers.get('content-type')?.includes('json') === true ? response.json() : response.text();
}

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 1500; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(`never: ${what}`);
}

test('changer events across a SIGKILL and restart of the manager: one line on stderr, no event lost or shown twice', { timeout: 120_000 }, async () => {
  const data = await mkdtemp(join(tmpdir(), 'changer-events-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let first = await startManager(data, port);
  const events = spawn(process.execPath, ['--import', 'tsx', join(SRC, 'changer.ts'), 'events', '--json'], { env: { ...process.env, CHANGER_SERVER: url, CHANGER_TOKEN: first.token } });
  try {
    const seen: ManagerEvent[] = [];
    let stderr = '';
    createInterface({ input: events.stdout }).on('line', (line) => seen.push(JSON.parse(line) as ManagerEvent));
    events.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    await until(async () => /^changer_sse_clients 1$/m.test(String(await api(url, first.token, 'GET', '/metrics'))), 'changer events connected');
    const mount = async (token: string, barcode: string, drive: number): Promise<void> => {
      const request = (await api(url, token, 'POST', '/v1/mounts?wait=60000', { library: 'library', barcode, drive })) as { id: number; state: string };
      assert.equal(request.state, 'completed', JSON.stringify(request));
    };
    await mount(first.token, 'A00001L8', 0);
    await until(() => seen.some((e) => e.type === 'request' && e.request.state === 'completed'), 'the first mount was followed');
    const beforeKill = seen.length;

    first.child.kill('SIGKILL');
    await once(first.child, 'exit');
    await until(() => stderr.includes('reconnecting'), 'changer events said it reconnects');
    first = await startManager(data, port);
    await until(() => stderr.includes('restarted'), 'changer events found the restarted manager');
    await mount(first.token, 'A00002L8', 1);
    await until(() => seen.filter((e) => e.type === 'request' && e.request.state === 'completed').length >= 2, 'the mount after the restart was followed');

    // Nothing on stdout but events; one line each about the broken stream and the restart.
    const lines = stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, stderr);
    assert.match(lines[0]!, new RegExp(`^changer: the event stream from ${url} (ended|broke \\(.+\\)); reconnecting after event #${seen[beforeKill - 1]!.seq} until interrupted$`));
    assert.equal(lines[1], 'changer: the manager restarted; its events are numbered from #1 again');
    // Before the kill: consecutive ids from where it joined. After: the new process's ids from #1, each once, as the manager itself lists them.
    const before = seen.slice(0, beforeKill).map((e) => e.seq);
    assert.deepEqual(before, before.map((_, i) => before[0]! + i));
    const after = seen.slice(beforeKill).map((e) => e.seq);
    assert.deepEqual(after, after.map((_, i) => i + 1));
  } finally {
    events.kill('SIGTERM');
    first.child.kill('SIGTERM');
    await once(first.child, 'exit').catch(() => undefined);
    await rm(data, { recursive: true, force: true });
  }
});
