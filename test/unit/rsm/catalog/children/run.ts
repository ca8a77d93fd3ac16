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

/**
 * Start several children, wait until each has printed its `ready` line (it has opened the
 * catalog), then release them at once so their work really overlaps; resolves with each one's
 * last line as JSON.
 */
export async function runTogether<T>(name: string, argsList: readonly (readonly string[])[]): Promise<T[]> {
  const children = argsList.map((args) => spawnChild(name, args));
  const outputs = children.map((child) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout });
    const received: string[] = [];
    const ready = new Promise<void>((resolve, reject) => {
      lines.on('line', (line) => {
        received.push(line);
        if (received.length === 1) resolve();
      });
      child.once('exit', (code) => reject(new Error(`${name} exited ${String(code)} before it was ready: ${stderr}`)));
    });
    const done = once(child, 'exit').then(([code]) => {
      if (code !== 0) throw new Error(`${name} exited ${String(code)}: ${stderr}`);
      return JSON.parse(received[received.length - 1] ?? 'null') as T;
    });
    // Reported through Promise.all below; this only keeps an early failure from going unhandled.
    done.catch(() => undefined);
    return { ready, done };
  });
  await Promise.all(outputs.map((o) => o.ready));
  for (const child of children) child.stdin.end('go\n');
  return Promise.all(outputs.map((o) => o.done));
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
