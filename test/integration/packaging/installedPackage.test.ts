// The package as an administrator gets it: `npm pack` (which builds the bundle and the man pages),
// then `npm install -g` of the tarball into an empty prefix, then the installed commands only —
// no checkout, no tsx, no dev dependency on the way. Slow (a pack and an install, about a minute),
// so everything is one test file with one install.
//
// One install script is not run: better-sqlite3 downloads a prebuilt binary from GitHub or else
// compiles SQLite (five minutes on two cores, where GitHub is out of reach as it is here). The
// install is made with --ignore-scripts and gets the binary the checkout's own install built for
// this same Node; koffi ships its binaries in the package and needs no script.
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { USAGE_TEXT } from '../../../src/cli/mtx/usageText.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const execFileAsync = promisify(execFile);
const npmMissing = spawnSync('npm', ['--version']).error;
const skip = npmMissing === undefined ? false : `npm pack is impossible here: ${npmMissing.message}`;
if (skip !== false) process.stdout.write(`skipped: ${skip}\n`);

interface Finished {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A command with only PATH and HOME: nothing of the checkout or the test runner (NODE_OPTIONS) leaks in. */
async function run(file: string, args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<Finished> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', ...options.env };
  try {
    const { stdout, stderr } = await execFileAsync(file, args, { cwd: options.cwd, env, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm pack, npm install -g into an empty prefix, the installed commands', { skip }, () => {
  let dir: string;
  let prefix: string;
  let installed: string;
  let installLog: Finished;
  let version: string;
  const started = Date.now();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'changer-package-'));
    prefix = join(dir, 'prefix');
    version = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const packed = await run('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: ROOT });
    assert.equal(packed.code, 0, packed.stderr);
    const tarball = join(dir, `changer-${version}.tgz`);
    // --prefix also moves where npm reads its global npmrc from (<prefix>/etc/npmrc): the machine's
    // own is named, so its registry settings (a CA file where a proxy re-signs TLS) still apply,
    // as they do for a user's `npm install -g`.
    const globalConfig = await run('npm', ['config', 'get', 'globalconfig'], { cwd: dir });
    assert.equal(globalConfig.code, 0, globalConfig.stderr);
    installLog = await run('npm', ['install', '-g', '--prefix', prefix, '--globalconfig', globalConfig.stdout.trim(), tarball, '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir });
    assert.equal(installLog.code, 0, installLog.stderr);
    installed = join(prefix, 'lib', 'node_modules', 'changer');
    const binding = join('node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    await mkdir(join(installed, binding, '..'), { recursive: true });
    await copyFile(join(ROOT, binding), join(installed, binding));
    process.stdout.write(`pack and install took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  });
  after(async () => {
    process.stdout.write(`the packaging test took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    await rm(dir, { recursive: true, force: true });
  });

  test('the install warns of no engine; the package holds the bundle and man pages, no source and no dev dependency', async () => {
    assert.ok(!installLog.stderr.includes('EBADENGINE'), installLog.stderr);
    assert.deepEqual((await readdir(installed)).filter((f) => !['node_modules', 'packaging', 'docs'].includes(f)).sort(), ['README.md', 'bin', 'dist', 'package.json']);
    for (const dev of ['tsx', 'esbuild', 'typescript', 'eslint']) assert.ok(!existsSync(join(installed, 'node_modules', dev)), `${dev} is installed`);
    assert.deepEqual(await readdir(join(prefix, 'share', 'man', 'man1')), ['changer-mtx.1', 'changer.1']);
    assert.deepEqual(await readdir(join(prefix, 'share', 'man', 'man5')), ['changer.yaml.5']);
    // Generated from the commands' help: a subcommand's usage, description and first option, as --help gives them.
    const page = await readFile(join(prefix, 'share', 'man', 'man1', 'changer.1'), 'utf8');
    assert.ok(
      page.includes('.SS "media mount [options] [barcode]"\nmount a medium by barcode, or a scratch medium from a pool (\\-\\-pool); waits until it is mounted\n.TP\n.B \\-\\-pool <pool>\nallocate a scratch medium from this pool\n'),
      page,
    );
    const config = await readFile(join(prefix, 'share', 'man', 'man5', 'changer.yaml.5'), 'utf8');
    assert.ok(config.includes('.TP\n.BI "libraries[].device: " "device URL"\n'), config);
  });

  test('changer --version and changer-mtx --version print the package version', async () => {
    assert.deepEqual(await run(join(prefix, 'bin', 'changer'), ['--version'], { cwd: dir }), { code: 0, stdout: `${version}\n`, stderr: '' });
    // mtx's own behaviour kept: the version line, the usage, exit code 1.
    assert.deepEqual(await run(join(prefix, 'bin', 'changer-mtx'), ['--version'], { cwd: dir }), { code: 1, stdout: '', stderr: `mtx version 1.3.12 (changer-mtx ${version})\n\n${USAGE_TEXT}` });
  });

  test('changer-mtx -f virtual:… status on a new library-24', async () => {
    const library = join(dir, 'lib');
    const status = await run(join(prefix, 'bin', 'changer-mtx'), ['-f', `virtual:${library}?profile=library-24`, 'status'], { cwd: dir });
    assert.equal(status.code, 0, status.stderr);
    const lines = status.stdout.split('\n');
    assert.deepEqual(lines.slice(0, 5), [
      `  Storage Changer virtual:${library}?profile=library-24:2 Drives, 25 Slots ( 1 Import/Export )`,
      'Data Transfer Element 0:Empty',
      'Data Transfer Element 1:Empty',
      '      Storage Element 1:Full :VolumeTag=A00001L8                        ',
      '      Storage Element 2:Full :VolumeTag=A00002L8                        ',
    ]);
    assert.equal(lines.at(-2), '      Storage Element 25 IMPORT/EXPORT:Full :VolumeTag=B00001L7                        ');
    assert.equal(status.stderr, '');
  });

  test('changer serve --config with two virtual libraries; a mount through the installed client; changer-mtx -f rsm://…', async () => {
    const service = join(dir, 'service');
    await mkdir(service);
    const config = join(service, 'changer.yaml');
    await writeFile(config, [
      'listen: 127.0.0.1:0',
      'data-dir: data',
      'token-file: admin-token',
      'iscsi:',
      '  listen: off',
      'libraries:',
      '  - name: east',
      '    device: virtual:data/east?profile=library-24&clock=10x',
      '  - name: west',
      '    device: virtual:data/west?profile=library-24&clock=10x',
      '',
    ].join('\n'));
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root' };
    const child = spawn(join(prefix, 'bin', 'changer'), ['serve', '--config', config], { cwd: service, env });
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
      const api = /^ {2}API +(http:\/\/(\S+))$/m.exec(out);
      assert.ok(api !== null, out);
      const token = (await readFile(join(service, 'admin-token'), 'utf8')).trim();
      const client = { ...env, CHANGER_SERVER: api[1] ?? '', CHANGER_TOKEN: token };
      const libraries = await run(join(prefix, 'bin', 'changer'), ['libraries', '--json'], { cwd: dir, env: client });
      assert.equal(libraries.code, 0, libraries.stderr);
      assert.deepEqual((JSON.parse(libraries.stdout) as { name: string }[]).map((l) => l.name), ['east', 'west']);

      const mount = await run(join(prefix, 'bin', 'changer'), ['media', 'mount', 'A00001L8', '--library', 'east', '--drive', '0'], { cwd: dir, env: client });
      assert.deepEqual(mount, {
        code: 0,
        stdout: `request 1 completed: A00001L8 mounted in drive 0 (library east)\n  drive 0: serial 10WT000001, device virtual:${join(service, 'data', 'east')}?lun=1\n`,
        stderr: '',
      });

      const status = await run(join(prefix, 'bin', 'changer-mtx'), ['-f', `rsm://${api[2] ?? ''}/east`, 'status'], { cwd: dir, env: client });
      assert.equal(status.code, 0, status.stderr);
      assert.deepEqual(status.stdout.split('\n').slice(0, 4), [
        `  Storage Changer rsm://${api[2] ?? ''}/east:2 Drives, 25 Slots ( 1 Import/Export )`,
        'Data Transfer Element 0:Full (Storage Element 1 Loaded):VolumeTag = A00001L8                        ',
        'Data Transfer Element 1:Empty',
        '      Storage Element 1:Empty',
      ]);
    } finally {
      child.kill('SIGTERM');
      assert.equal(await exited, 0, err);
    }
  });
});
