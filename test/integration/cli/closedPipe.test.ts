import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startManagerStack, type ManagerStack } from './client/managerStack.ts';

// `changer status | head -1`: the reader leaves before the command has written everything. The
// pipe is a real one whose reading end is closed before the child writes a byte, so every write
// of the child meets EPIPE; the command must end as a Unix tool does — nothing on stderr, exit 0.

const BIN = join(import.meta.dirname, '../../../src/cli');

function runWithClosedStdout(bin: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(BIN, bin), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

let dir: string;
let stack: ManagerStack;
let device: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'changer-pipe-'));
  device = `virtual:${join(dir, 'library')}?profile=library-24`;
  stack = await startManagerStack();
});

after(async () => {
  await stack.dispose();
  await rm(dir, { recursive: true, force: true });
});

for (const command of [['status'], ['info']]) {
  test(`changer ${command.join(' ')} into a closed pipe: exit 0, nothing on stderr`, async () => {
    assert.deepEqual(await runWithClosedStdout('changer.ts', [...command, '--device', device]), { code: 0, stderr: '' });
  });
}

test('changer media show into a closed pipe (a client command): exit 0, nothing on stderr', async () => {
  const result = await runWithClosedStdout('changer.ts', ['media', 'show', 'A00001L8', '--server', stack.url], { CHANGER_TOKEN: stack.tokens.reader });
  assert.deepEqual(result, { code: 0, stderr: '' });
});

test('changer-mtx status into a closed pipe: exit 0, nothing on stderr', async () => {
  assert.deepEqual(await runWithClosedStdout('changerMtx.ts', ['-f', device, 'status']), { code: 0, stderr: '' });
});
