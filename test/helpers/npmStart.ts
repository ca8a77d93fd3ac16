// `npm start`'s entry (src/cli/start.ts) in a child process, as a user runs it: resolves with what
// its banner says — the API URL, the admin token, the drives' iSCSI target and each drive's URL and
// serial — once it says it is up (the banner ends with the Ctrl-C line).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const START = join(import.meta.dirname, '..', '..', 'src', 'cli', 'start.ts');

export interface StartBanner {
  readonly api: string;
  readonly token: string;
  /** The drives' target, '' when they are not served. */
  readonly iqn: string;
  readonly drives: readonly { readonly index: number; readonly url: string; readonly serial: string }[];
  readonly text: string;
}

export interface StartedProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly banner: Promise<StartBanner>;
  readonly exited: Promise<number | null>;
  stderr(): string;
  /** Everything printed on stdout so far. */
  stdout(): string;
}

export function npmStart(args: readonly string[], env: Readonly<Record<string, string>> = {}): StartedProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', START, ...args], { env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const banner = new Promise<StartBanner>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (!out.includes('Ctrl-C')) return;
      const drives = [...out.matchAll(/^ {2}drive (\d+) +(iscsi:\/\/\S+) +serial (\S+)$/gm)].map((m) => ({ index: Number(m[1]), url: m[2] as string, serial: m[3] as string }));
      resolve({
        api: /^ {2}API +(http:\/\/\S+)$/m.exec(out)?.[1] ?? '',
        token: /^ {2}admin token (chg_\S+)$/m.exec(out)?.[1] ?? '',
        iqn: /^ {2}iSCSI +(iqn\.\S+) on /m.exec(out)?.[1] ?? '',
        drives,
        text: out,
      });
    });
    void exited.then((code) => reject(new Error(`npm start exited (${String(code)}) before serving:\n${out}\n${err}`)));
  });
  return { child, banner, exited, stderr: () => err, stdout: () => out };
}

/** SIGTERM, and the exit code (0 when it stopped cleanly). */
export async function stopStarted(started: StartedProcess): Promise<number | null> {
  started.child.kill('SIGTERM');
  return started.exited;
}
