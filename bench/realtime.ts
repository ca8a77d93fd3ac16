// Imported first by run.ts. On a machine that is doing other work (the 2-core build machine with
// tests running beside the bench), loopback figures swung by 2–5x between runs, and a QD1 client
// measures mostly how soon the scheduler runs it again. As root, the bench re-runs itself under
// SCHED_FIFO (chrt; the targets and clients it starts inherit it), so it is served before
// everything else and its figures follow the software, not the neighbours. The kernel keeps 5 % of
// each second for other tasks (sched_rt_runtime_us), so a runaway bench cannot lock the machine.
// BENCH_RT=0 runs it under the default scheduler.
import { spawnSync } from 'node:child_process';

const MARK = 'CHANGER_BENCH_REALTIME';

function realtimeAvailable(): boolean {
  return process.env.BENCH_RT !== '0' && process.getuid?.() === 0 && spawnSync('chrt', ['--version']).status === 0;
}

if (process.env[MARK] === undefined && realtimeAvailable()) {
  const rerun = spawnSync('chrt', ['-f', '10', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [MARK]: 'SCHED_FIFO 10' },
  });
  process.exit(rerun.status ?? 1);
}

/** How the bench is scheduled, for its header. */
export const scheduling = process.env[MARK] ?? 'default scheduler (run as root for SCHED_FIFO, see bench/realtime.ts)';
