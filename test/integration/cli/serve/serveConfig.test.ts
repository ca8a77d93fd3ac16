// `changer serve --config FILE` as an administrator runs it: a bad file stops it with exactly one
// line naming the key and what is wrong (exit 2), and a file with two virtual libraries gives one
// manager serving both — each with its drives' iSCSI target — the admin token in a 0600 file and
// never on stdout or stderr.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');
const CHANGER = join(ROOT, 'src', 'cli', 'changer.ts');
const run = promisify(execFile);

interface Finished {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function changer(args: readonly string[]): Promise<Finished> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', CHANGER, ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('changer serve --config', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'changer-serve-config-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // Every message is checked in test/unit/cli/config/serviceConfig.test.ts; here, what a process does with one.
  test('a bad configuration: exactly one line naming the key path and what is wrong, exit 2', async () => {
    const file = join(dir, 'device.yaml');
    await writeFile(file, 'libraries:\n  - name: lib0\n    device: virtual:lib0\n  - name: lib1\n    device: /dev/sg3\n');
    const [bad, missing] = await Promise.all([changer(['serve', '--config', file]), changer(['serve', '--config', join(dir, 'absent.yaml')])]);
    assert.deepEqual(bad, { code: 2, stdout: '', stderr: `changer: config ${file}: libraries[1].device: expected a device URL such as virtual:/var/lib/changer/lib1 or iscsi://…\n` });
    assert.deepEqual(missing, { code: 2, stdout: '', stderr: `changer: config ${join(dir, 'absent.yaml')}: no such file; write one (docs/service.md has an example) or pass --config FILE\n` });
  });

  test('two virtual libraries served by one process: both in changer libraries and GET /v1/libraries, each with its iSCSI target; the token only in a 0600 file', async () => {
    const config = join(dir, 'changer.yaml');
    await writeFile(
      config,
      [
        'listen: 127.0.0.1:0',
        'data-dir: two',
        'token-file: secret/admin-token',
        'iscsi:',
        '  listen: 127.0.0.1:0',
        'libraries:',
        '  - name: east',
        '    device: virtual:two/east?profile=library-24&clock=10x',
        '  - name: west',
        '    device: virtual:two/west?profile=library-24&clock=10x',
        '',
      ].join('\n'),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', CHANGER, 'serve', '--config', config], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        if (out.includes('stops the manager')) resolve();
      });
      void exited.then((code) => reject(new Error(`changer serve exited (${String(code)}):\n${out}\n${err}`)));
    });
    try {
      const api = /^ {2}API +(http:\/\/\S+)$/m.exec(out)?.[1] ?? '';
      const tokenFile = join(dir, 'secret', 'admin-token');
      assert.match(out, new RegExp(`^ {2}admin token in ${tokenFile} \\(mode 0600, new; never printed\\)$`, 'm'));
      assert.deepEqual([...out.matchAll(/^ {2}iSCSI +(iqn\S+) on /gm)].map((m) => m[1]), ['iqn.2026-11.dev.changer:east', 'iqn.2026-11.dev.changer:west']);
      assert.equal((await stat(tokenFile)).mode & 0o777, 0o600);
      const token = (await readFile(tokenFile, 'utf8')).trim();
      assert.match(token, /^chg_/);

      const listed = await changer(['libraries', '--server', api, '--token', token, '--json']);
      assert.equal(listed.code, 0, listed.stderr);
      assert.deepEqual((JSON.parse(listed.stdout) as { name: string; ownedHere: boolean }[]).map((l) => [l.name, l.ownedHere]), [['east', true], ['west', true]]);
      const response = await fetch(`${api}/v1/libraries`, { headers: { authorization: `Bearer ${token}` } });
      assert.equal(response.status, 200);
      assert.deepEqual(((await response.json()) as { name: string }[]).map((l) => l.name), ['east', 'west']);

      const created = await changer(['tokens', 'create', 'backup-host', '--role', 'application', '--server', api, '--token-file', tokenFile]);
      assert.equal(created.code, 0, created.stderr);
      const secret = /^(chg_\S+)$/m.exec(created.stdout)?.[1] ?? '';
      assert.match(created.stdout, /^token tok_[0-9a-f]{12} 'backup-host' created, role application; its secret \(shown only now, keep it safe\):\nchg_\S+\n$/);
      const tokens = await changer(['tokens', 'list', '--server', api, '--token-file', tokenFile]);
      assert.equal(tokens.code, 0, tokens.stderr);
      assert.match(tokens.stdout, /^ID +NAME +ROLE +CREATED\ntok_[0-9a-f]{12} +npm-start-admin +admin +\S+Z\ntok_[0-9a-f]{12} +backup-host +application +\S+Z\n$/);
      assert.ok(!tokens.stdout.includes('chg_'), 'list never shows a secret');
      const denied = await changer(['tokens', 'list', '--server', api, '--token', secret]);
      assert.equal(denied.code, 9, denied.stderr);
    } finally {
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
    }
    assert.match(out, /SIGTERM: stopping the manager…\nStopped; the library state is saved\.\n$/);
    const token = (await readFile(join(dir, 'secret', 'admin-token'), 'utf8')).trim();
    assert.ok(!out.includes(token) && !err.includes(token), 'the admin token is in neither stdout nor stderr');
  });
});
