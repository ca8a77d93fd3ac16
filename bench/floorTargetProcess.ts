// The floor target (floorTarget.c) in a process of its own: the least work a target on kernel
// sockets can do for the bench's commands, measured beside ours and tgt in the same run.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { buildNativeClient } from './nativeClient.ts';

export interface FloorTarget {
  readonly port: number;
  readonly pid: number;
  /** An iSCSI URL of LUN 0; the floor answers any target name and LUN alike. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts the floor with its data file in `dir` (where the tapes of the targets it is set beside
 * are): READ(6)s are answered from its `dataBytes` random bytes (at least 1 MiB), each session
 * walking through them in turn.
 */
export async function startFloorTarget(dir: string, dataBytes: number): Promise<FloorTarget | { unavailable: string }> {
  const built = await buildNativeClient('floorTarget.c');
  if ('unavailable' in built) return built;
  const dataDir = await mkdtemp(join(dir, 'changer-bench-floor-'));
  const dataFile = join(dataDir, 'records');
  await writeFile(dataFile, randomBytes(dataBytes));
  const child = spawn(built.path, [dataFile], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.on('exit', killOnExit);
  const stop = async (): Promise<void> => {
    child.kill('SIGKILL');
    await exited;
    process.off('exit', killOnExit);
    await rm(dataDir, { recursive: true, force: true });
  };
  const first = await new Promise<string | undefined>((resolve) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    void exited.then(() => resolve(undefined));
  });
  const port = Number(/^listening (\d+)$/.exec(first ?? '')?.[1]);
  if (!Number.isInteger(port) || child.pid === undefined) {
    await stop();
    return { unavailable: `the floor target did not start (${first ?? 'it exited'})` };
  }
  return { port, pid: child.pid, url: `iscsi://127.0.0.1:${port}/iqn.2026-12.dev.changer.bench:floor/0`, stop };
}
