import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { LIBRARY, startManagerStack } from '../client/managerStack.ts';

// `changer-mtx -f <the library's own device URL>` while a manager owns that library: mtx's
// scripts must not sit 120 s in a wait that cannot end well. It fails at once naming the manager,
// or, with $CHANGER_SERVER, the same command line goes through the manager.

const CHANGER_MTX = join(import.meta.dirname, '../../../../src/cli/changerMtx.ts');

async function changerMtx(args: readonly string[], env: Readonly<Record<string, string>>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CHANGER_MTX, ...args], { env: { ...process.env, CHANGER_SERVER: '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failure = e as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

test('a library a manager owns: changer-mtx fails at once naming the manager; with CHANGER_SERVER it goes through it', { timeout: 60_000 }, async () => {
  const s = await startManagerStack();
  try {
    const refused = await changerMtx(['-f', s.deviceUrl, 'status'], {});
    assert.equal(refused.code, 1);
    assert.equal(refused.stdout, '');
    const since = /\(since (\S+)\)/.exec(refused.stderr)?.[1] ?? 'no since';
    assert.equal(refused.stderr, `cannot open SCSI device '${s.deviceUrl}' - ${s.deviceUrl} is owned by the manager ${s.manager.ownerId} (since ${since}); send the commands through it: -f rsm://<host>:<port>/<library>, or set CHANGER_SERVER=http://<host>:<port> and keep this -f\n`);
    assert.ok(Number.isFinite(Date.parse(since)), since);

    const env = { CHANGER_SERVER: s.url, CHANGER_TOKEN: s.tokens.operator };
    const routed = await changerMtx(['--device', s.deviceUrl, 'status'], env);
    const direct = await changerMtx(['-f', `rsm://${s.hostPort}/${LIBRARY}`, 'status'], env);
    assert.deepEqual([routed.code, routed.stderr, direct.code], [0, '', 0]);
    const [header, ...elements] = routed.stdout.split('\n');
    assert.equal(header, `  Storage Changer ${s.deviceUrl}:2 Drives, 25 Slots ( 1 Import/Export )`);
    assert.deepEqual(elements, direct.stdout.split('\n').slice(1));
  } finally {
    await s.dispose();
  }
});
