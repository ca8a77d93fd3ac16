// The installed bins' code cache (src/cli/bundleLauncher.ts): the bins built as `npm run build`
// builds them, run as installed (node dist/<bin>.js), with a cache directory of the test's own.
// What a user would notice: the same answers with and without a cache, a first run that leaves
// one behind, a damaged or foreign cache that is refused and replaced, never a failed command.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { bundleBins } from '../../../scripts/bundleBins.ts';
import { USAGE_TEXT } from '../../../src/cli/mtx/usageText.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const execFileAsync = promisify(execFile);

interface Finished {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

describe('bins from the bundle, with V8 code cache', () => {
  let scratch: string;
  let bins: string;
  let cacheHome: string;
  let library: string;

  /** node <bins>/<bin>.js with the cache under cacheHome and NODE_DEBUG on for it. */
  async function run(bin: string, args: readonly string[], env: Record<string, string> = {}): Promise<Finished> {
    const full = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: scratch, XDG_CACHE_HOME: cacheHome, NODE_DEBUG: 'changer-compile-cache', ...env };
    try {
      const { stdout, stderr } = await execFileAsync(process.execPath, [join(bins, `${bin}.js`), ...args], { cwd: scratch, env: full });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  /** What the launcher said about the cache, without the debug prefix and pid. */
  const said = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('CHANGER-COMPILE-CACHE')).map((l) => l.replace(/^CHANGER-COMPILE-CACHE \d+: /, '').replace(cacheHome, '<cache>'));
  const cacheDir = (): string => join(cacheHome, 'changer', 'compile-cache', `${process.version}-${process.arch}`);

  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'changer-compile-cache-'));
    // Inside the package, as dist/ is: the bundles' external packages resolve from its node_modules.
    await mkdir(join(ROOT, 'node_modules', '.cache'), { recursive: true });
    bins = await mkdtemp(join(ROOT, 'node_modules', '.cache', 'changer-test-bins-'));
    await bundleBins(ROOT, bins);
    cacheHome = join(scratch, 'cache');
    library = `virtual:${join(scratch, 'library')}`;
    // The library made without a cache, so that the first test's first run is the first with one.
    const made = await run('changer-mtx', ['-f', `${library}?profile=library-24`, 'status'], { NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(made.code, 0, made.stderr);
  });

  after(async () => {
    await rm(scratch, { recursive: true, force: true });
    await rm(bins, { recursive: true, force: true });
  });

  test('the first run writes the cache, the next one reads it; both print the same status', async () => {
    // --version runs none of a command: its cache would leave every later status compiling, so it writes none.
    const version = await run('changer-mtx', ['--version']);
    assert.equal(version.code, 1);
    const versionSaid = said(version.stderr);
    assert.equal(versionSaid.length, 1, versionSaid.join('\n'));
    assert.match(versionSaid[0] ?? '', /\/changer-mtx-[0-9a-f]{12}\.cache: no cache$/);
    await assert.rejects(readdir(cacheDir()), { code: 'ENOENT' });
    const first = await run('changer-mtx', ['-f', library, 'status']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^ {2}Storage Changer virtual:\S+:2 Drives, 25 Slots \( 1 Import\/Export \)\n/);
    const [file] = await readdir(cacheDir());
    assert.match(file ?? '', /^changer-mtx-[0-9a-f]{12}\.cache$/);
    const path = `<cache>/changer/compile-cache/${process.version}-${process.arch}/${file}`;
    assert.deepEqual(said(first.stderr).map((l) => l.replace(/ \(\d+ bytes\)$/, '')), [`${path}: no cache`, `wrote ${path}`]);
    // Executable bytecode: the user's alone.
    assert.equal((await stat(join(cacheDir(), file as string))).mode & 0o777, 0o600);
    assert.equal((await stat(cacheDir())).mode & 0o777, 0o700);

    const second = await run('changer-mtx', ['-f', library, 'status']);
    assert.deepEqual({ code: second.code, stdout: second.stdout, said: said(second.stderr) }, { code: 0, stdout: first.stdout, said: [`${path}: accepted`] });
  });

  test('a damaged cache file is refused and written afresh; the command answers as always', async () => {
    const before = await run('changer-mtx', ['-f', library, 'status']);
    const [file] = await readdir(cacheDir());
    const path = join(cacheDir(), file as string);
    await writeFile(path, Buffer.alloc((await stat(path)).size, 0x5a));
    const damaged = await run('changer-mtx', ['-f', library, 'status']);
    assert.equal(damaged.code, 0, damaged.stderr);
    assert.equal(damaged.stdout, before.stdout);
    assert.deepEqual(said(damaged.stderr).map((l) => l.replace(/ \(\d+ bytes\)$/, '').replace(/^.*\//, '')), [`${file}: rejected`, `${file}`]);
    const after = await run('changer-mtx', ['-f', library, 'status']);
    assert.deepEqual(said(after.stderr).map((l) => l.replace(/^.*\//, '')), [`${file}: accepted`]);
  });

  test('the exit status and messages of a failing command are the same from the bundle', async () => {
    const version = await run('changer-mtx', ['--version']);
    assert.equal(version.code, 1);
    assert.equal(version.stdout, '');
    assert.match(version.stderr, new RegExp(`mtx version 1\\.3\\.12 \\(changer-mtx [^)]+\\)\\n\\n${USAGE_TEXT.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    const changer = await run('changer', ['--version']);
    assert.equal(changer.code, 0, changer.stderr);
    assert.match(changer.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  test('NODE_DISABLE_COMPILE_CACHE=1: no cache read or written', async () => {
    const elsewhere = join(scratch, 'unused-cache');
    const off = await run('changer-mtx', ['-f', library, 'status'], { XDG_CACHE_HOME: elsewhere, NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(off.code, 0, off.stderr);
    assert.deepEqual(said(off.stderr), ['cache off: no cache']);
    await assert.rejects(stat(elsewhere), { code: 'ENOENT' });
  });
});
