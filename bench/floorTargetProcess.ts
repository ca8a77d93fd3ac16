// The floor target (floorTarget.c) in a process of its own: the least work a target on kernel
// sockets can do for the bench's commands, measured beside ours and tgt in the same run.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnBenchChild } from './benchChild.ts';
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
  const floor = spawnBenchChild(built.path, [dataFile], {}, 'the floor target');
  // It keeps nothing, so nothing is lost by not waiting for it.
  const stop = async (): Promise<void> => {
    await floor.stop(0);
    await rm(dataDir, { recursive: true, force: true });
  };
  const first = await floor.firstLine.catch((e: unknown) => (e as Error).message);
  const port = Number(/^listening (\d+)$/.exec(first)?.[1]);
  if (!Number.isInteger(port) || floor.pid === undefined) {
    await stop();
    return { unavailable: `the floor target did not start (${first})` };
  }
  return { port, pid: floor.pid, url: `iscsi://127.0.0.1:${port}/iqn.2026-12.dev.changer.bench:floor/0`, stop };
}
