// CPU time of another process, for figures that show a target's cost next to its throughput.
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Nanoseconds a process has spent on a CPU, all its threads together (Linux /proc/<pid>/task/<tid>/schedstat),
 * or undefined where that cannot be read. Unlike latencies, this hardly moves with the machine's load.
 */
export function cpuNs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    return readdirSync(`/proc/${pid}/task`).reduce((sum, tid) => sum + Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]), 0);
  } catch {
    return undefined;
  }
}
