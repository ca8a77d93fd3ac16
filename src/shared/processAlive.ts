/**
 * Whether a process with this id exists on this host. Signal 0 checks without signalling; EPERM
 * means it exists under another user. A stopped (SIGSTOP) process exists.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
