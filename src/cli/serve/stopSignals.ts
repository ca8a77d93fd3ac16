// When the manager stops: SIGINT or SIGTERM, or — when asked to watch it — its parent going away.
// `npm start` runs us under npm and `sh -c`; should the shell be killed without passing the signal
// on, we would stay behind, orphaned, holding the API port. So npm start watches the process that
// started it and stops when it is gone. `changer serve` itself does not: `nohup changer serve &`
// must outlive its shell, and under systemd the parent is PID 1, which is never watched anyway.

/** Why the manager stops: a signal's name, or 'parent exited'. */
export type StopReason = NodeJS.Signals | 'parent exited';

const PARENT_POLL_MS = 500;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Calls `stop` once, on the first of SIGINT, SIGTERM or the parent's exit. A second SIGINT while
 * stopping means "now" (exit 130): the library state file is written atomically, so that is safe.
 * Returns a function that removes what it installed.
 */
export function onStopRequest(stop: (reason: StopReason) => void, options: { readonly watchParent: boolean }): () => void {
  const parent = options.watchParent ? process.ppid : 1;
  let done = false;
  const once = (reason: StopReason): void => {
    if (done) return;
    done = true;
    clearInterval(poll);
    process.once('SIGINT', () => process.exit(130));
    stop(reason);
  };
  const onSigint = (): void => once('SIGINT');
  const onSigterm = (): void => once('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  const poll = setInterval(() => {
    if (parent > 1 && !alive(parent)) once('parent exited');
  }, PARENT_POLL_MS);
  poll.unref();
  return () => {
    clearInterval(poll);
    process.off('SIGINT', onSigint);
    // SIGTERM keeps a handler until exit: a second one while stopping must not kill us half-saved.
  };
}
