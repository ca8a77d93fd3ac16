// Imported first by run.ts. On a machine that is doing other work (the 2-core build machine with
// tests running beside the bench), loopback figures swung by 2–5x between runs, and a QD1 client
// measures mostly how soon the scheduler runs it again. As root, the bench re-runs itself under
// SCHED_FIFO (chrt; the targets and clients it starts inherit it), so it is served before
// everything else and its figures follow the software, not the neighbours. The kernel keeps 5 % of
// each second for other tasks (sched_rt_runtime_us), so a runaway bench cannot lock the machine.
// BENCH_RT=0 runs it under the default scheduler.
import { spawnSync } from 'node:child_process';

const MARK = 'CHANGER_BENCH_REALTIME';
const PRIORITY = '10';

function realtimeAvailable(): boolean {
  return process.env.BENCH_RT !== '0' && process.getuid?.() === 0 && spawnSync('chrt', ['--version']).status === 0;
}

if (process.env[MARK] === undefined && realtimeAvailable()) {
  const rerun = spawnSync('chrt', ['-f', PRIORITY, process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [MARK]: `SCHED_FIFO ${PRIORITY}` },
  });
  process.exit(rerun.status ?? 1);
}

/** How the bench is scheduled, for its header. */
export const scheduling = process.env[MARK] ?? 'default scheduler (run as root for SCHED_FIFO, see bench/realtime.ts)';

/**
 * Runs `work` with this process (every thread) under the default scheduler, and so every process
 * it starts meanwhile, then puts it back under SCHED_FIFO. For the API section: the manager runs as
 * a service under the default scheduler, and under SCHED_FIFO the load generator and the server,
 * at one real-time priority on two cores, each cost 2–3 times the CPU per request (208 against
 * 79 µs for the generator, then in the bench's process, one run each) and the figures halved (pages 4,572 against
 * 10,665 req/s) — the bench's doing, not what a user's manager sees.
 */
export async function underDefaultScheduler<T>(work: () => Promise<T>): Promise<T> {
  if (process.env[MARK] === undefined) return work();
  const pid = String(process.pid);
  chrt(['--all-tasks', '--other', '--pid', '0', pid]);
  try {
    return await work();
  } finally {
    chrt(['--all-tasks', '--fifo', '--pid', PRIORITY, pid]);
  }
}

/** chrt, or an error: a section printed as run under one scheduler must have run under it. */
function chrt(args: readonly string[]): void {
  const run = spawnSync('chrt', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`chrt ${args.join(' ')}: ${run.error?.message ?? run.stderr.trim()}`);
}
