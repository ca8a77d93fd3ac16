// Spawning a catalog client in its own process, the way a second manager on the same host (or
// another host) would reach the catalog: its own connection, its own locks.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export function childScript(name: string): string {
  return fileURLToPath(new URL(`./${name}`, import.meta.url));
}

export function spawnChild(name: string, args: readonly string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', childScript(name), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
}

/** Run a child to its end; resolves with the JSON value of its last stdout line. */
export async function runChild<T>(name: string, args: readonly string[]): Promise<T> {
  const child = spawnChild(name, args);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${name} exited ${String(code)}: ${stderr}`);
  const last = stdout.trim().split('\n').pop() ?? 'null';
  return JSON.parse(last) as T;
}

/** Line-by-line JSON messages from a long-running child. */
export function messages(child: ChildProcessWithoutNullStreams): AsyncIterator<unknown> {
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async next(): Promise<IteratorResult<unknown>> {
      const line = await lines.next();
      return line.done === true ? { done: true, value: undefined } : { done: false, value: JSON.parse(line.value) as unknown };
    },
  };
}
