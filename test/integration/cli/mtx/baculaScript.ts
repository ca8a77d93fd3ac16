// Bacula's own mtx-changer script (Debian's bacula-sd package), set up to run changer-mtx: the
// package is fetched with apt-get download and unpacked, never installed; the copy is pointed at
// a private conf file, work directory and MTX, and at a stand-in for `mt` (the tape drive's
// status, which the script polls after a load and which is not the changer's business).
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const CACHE = join(tmpdir(), 'changer-mtx-bacula-sd');

export interface BaculaScript {
  /** Runs `mtx-changer <args>` and returns stdout and stderr merged, and the exit code. */
  run(args: string[]): Promise<{ output: string; code: number }>;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

async function tool(name: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${name}`]).then(() => true, () => false);
}

/** The unpacked package's script, fetched once per machine; a reason string when it cannot be had. */
async function fetchScript(): Promise<string> {
  const script = join(CACHE, 'root', 'etc', 'bacula', 'scripts', 'mtx-changer');
  if (await exists(script)) return script;
  await mkdir(CACHE, { recursive: true });
  try {
    await run('apt-get', ['download', 'bacula-sd'], { cwd: CACHE, timeout: 120_000 });
  } catch {
    await run('apt-get', ['update', '-qq'], { timeout: 300_000 }).catch(() => undefined);
    await run('apt-get', ['download', 'bacula-sd'], { cwd: CACHE, timeout: 120_000 });
  }
  const deb = (await readdir(CACHE)).find((f) => /^bacula-sd_.*\.deb$/.test(f));
  if (deb === undefined) throw new Error('apt-get download bacula-sd produced no .deb');
  await run('dpkg-deb', ['-x', join(CACHE, deb), join(CACHE, 'root')]);
  return script;
}

/** Why the real script cannot run here, or undefined when it can. */
export async function baculaUnavailableReason(): Promise<string | undefined> {
  for (const t of ['apt-get', 'dpkg-deb', 'perl', 'awk', 'sed', 'grep', 'mktemp']) if (!(await tool(t))) return `${t} is not installed`;
  try {
    await fetchScript();
    return undefined;
  } catch (e) {
    return `Bacula's mtx-changer could not be fetched (apt-get download bacula-sd): ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  }
}

export async function prepareBaculaScript(workDir: string): Promise<BaculaScript> {
  const original = await fetchScript();
  const scripts = join(workDir, 'scripts');
  const bin = join(workDir, 'bin');
  const state = join(workDir, 'state');
  await Promise.all([mkdir(scripts, { recursive: true }), mkdir(bin, { recursive: true }), mkdir(state, { recursive: true })]);
  const conf = join(scripts, 'mtx-changer.conf');
  await writeFile(conf, await readFile(join(original, '..', 'mtx-changer.conf')));
  const wrapper = join(bin, 'changer-mtx');
  await writeFile(wrapper, `#!/bin/sh\nexec node ${join(REPO, 'bin', 'changer-mtx.js')} "$@"\n`);
  await writeFile(join(bin, 'mt'), '#!/bin/sh\ncase "$1" in --version) echo "mt-st (changer-mtx test stand-in)";; *) echo "ONLINE";; esac\n');
  const text = (await readFile(original, 'latin1'))
    .replaceAll('/etc/bacula/scripts/mtx-changer.conf', conf)
    .replace(/^MTX=.*$/m, `MTX=${wrapper}`)
    .replaceAll('/var/lib/bacula', state);
  const script = join(scripts, 'mtx-changer');
  await writeFile(script, text, 'latin1');
  await Promise.all([chmod(script, 0o755), chmod(wrapper, 0o755), chmod(join(bin, 'mt'), 0o755)]);
  return {
    async run(args) {
      const quoted = args.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
      const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, CHANGER_MTX_WAIT: '30' };
      try {
        const { stdout } = await run('sh', ['-c', `${script} ${quoted} 2>&1`], { env, timeout: 120_000 });
        return { output: stdout, code: 0 };
      } catch (e) {
        const failed = e as { stdout?: string; code?: number };
        return { output: failed.stdout ?? '', code: typeof failed.code === 'number' ? failed.code : -1 };
      }
    },
  };
}
