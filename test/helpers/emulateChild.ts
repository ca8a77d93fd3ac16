// `changer emulate --json` in a child process, as a user runs it: resolves with its listening event
// (the port, each library's changer URL and drive URLs); SIGTERM stops it cleanly, SIGKILL is a crash.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const CHANGER = join(import.meta.dirname, '..', '..', 'src', 'cli', 'changer.ts');

export interface EmulateListening {
  readonly port: number;
  readonly libraries: readonly {
    readonly url: string;
    readonly profile: string;
    readonly drives: readonly { readonly lun: number; readonly url: string; readonly serial: string }[];
  }[];
}

export interface EmulateChild {
  readonly child: ChildProcessWithoutNullStreams;
  readonly listening: Promise<EmulateListening>;
  /** The exit code, or the signal's name when a signal ended it. */
  readonly exited: Promise<number | string | null>;
  stderr(): string;
}

/** `libraries` are --library arguments (`<dir>?profile=<name or .json file>&clock=…`). */
export function emulateChild(libraries: readonly string[]): EmulateChild {
  const args = ['--import', 'tsx', CHANGER, 'emulate', '--listen', '127.0.0.1:0', '--json', ...libraries.flatMap((l) => ['--library', l])];
  const child = spawn(process.execPath, args);
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const listening = new Promise<EmulateListening>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((l) => l.includes('"event":"listening"'));
      if (line !== undefined) resolve(JSON.parse(line) as EmulateListening);
    });
    void exited.then((code) => reject(new Error(`changer emulate exited (${String(code)}) before listening:\n${out}\n${err}`)));
  });
  listening.catch(() => undefined);
  return { child, listening, exited, stderr: () => err };
}

/** Sends `signal` to the child (if it still runs) and resolves with how it ended. */
export async function stopChild(emulator: EmulateChild, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | string | null> {
  if (emulator.child.exitCode === null && emulator.child.signalCode === null) emulator.child.kill(signal);
  return emulator.exited;
}
