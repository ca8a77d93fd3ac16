// A process the bench starts beside itself (a target, the API server): it prints one line when it
// is ready, is asked to stop with SIGTERM, and never outlives the bench — a bench killed or failing
// midway would otherwise leave a target holding a port and a core for the next run.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface BenchChild {
  readonly child: ChildProcess;
  readonly pid: number | undefined;
  /** The first line it printed on stdout (its address); rejects, naming it, when it exits first. */
  readonly firstLine: Promise<string>;
  /** SIGTERM, SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs: number): Promise<void>;
}

export interface BenchChildOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** A Node child the bench talks to with send() and 'message' (structured clone: Maps cross). */
  readonly ipc?: boolean;
}

/** Starts `command`, its stdout read for the first line, its stderr the bench's; `what` names it in errors. */
export function spawnBenchChild(command: string, args: readonly string[], options: BenchChildOptions, what: string): BenchChild {
  const ipc = options.ipc === true;
  const child = spawn(command, args, { env: options.env, stdio: ['ignore', 'pipe', 'inherit', ...(ipc ? ['ipc' as const] : [])], serialization: ipc ? 'advanced' : 'json' });
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  // 'exit', not 'close': a child's own children (esbuild's service under tsx) may hold its stdout open after it has gone.
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', resolve);
    child.once('exit', (code, signal) => reject(new Error(`${what} exited with ${code ?? signal} before it was ready`)));
    child.once('error', (e) => reject(new Error(`${what} could not start: ${e.message}`)));
  });
  // A child that never gets ready is reported by the caller; this promise is not left unhandled.
  firstLine.catch(() => undefined);
  return {
    child,
    pid: child.pid,
    firstLine,
    stop: async (graceMs) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      process.off('exit', killOnExit);
    },
  };
}
