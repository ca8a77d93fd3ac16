// The Linux-guest harness (../shared/interop/guest-mtx.sh) as the tape tests use it: why a test must
// skip (no harness, no QEMU, no cached guest — never installed by a test), and one guest run with the
// changer as /dev/sg0 and the drive LUNs given as /dev/nst0… , its output and each command's time.
import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const HARNESS = fileURLToPath(new URL('../../../shared/interop/guest-mtx.sh', import.meta.url));

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function onPath(tool: string): Promise<boolean> {
  return new Promise((resolve) => execFile('sh', ['-c', `command -v ${tool}`], (error) => resolve(error === null)));
}

/** Why the guest cannot run here, or undefined when it can. */
export async function guestSkipReason(): Promise<string | undefined> {
  if (!(await exists(HARNESS))) return `the interop harness is not at ${HARNESS}`;
  if (!(await onPath('qemu-system-x86_64'))) return 'qemu-system-x86_64 is not installed (apt-get install qemu-system-x86 qemu-block-extra)';
  if (!(await exists('/tmp/harness-cache/stamp'))) return 'the harness guest is not built yet (run ../shared/interop/guest-mtx.sh once)';
  return undefined;
}

export interface GuestRun {
  readonly code: number;
  /** The commands' output, without the harness's per-command headers. */
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time of each command in the guest, in ms, in command order (the harness's per-command line). */
  readonly commandMs: readonly number[];
}

export interface GuestOptions {
  /** Guest memory in MB (its /tmp is a tmpfs of half of it); the harness's default is 256. */
  readonly memMB?: number;
  readonly timeoutSeconds?: number;
  /** When the harness process itself is killed, in ms; the default is 30 s after `timeoutSeconds`. */
  readonly killAfterMs?: number;
}

export function runGuest(changerUrl: string, driveUrls: readonly string[], commands: readonly string[], options: GuestOptions = {}): Promise<GuestRun> {
  const timeoutSeconds = options.timeoutSeconds ?? 200;
  const args = [
    '--timeout', String(timeoutSeconds), '--no-headers',
    ...(options.memMB === undefined ? [] : ['--mem', String(options.memMB)]),
    ...driveUrls.flatMap((url) => ['--dev', url]),
    changerUrl, ...commands,
  ];
  return new Promise((resolve) => {
    execFile(HARNESS, args, { timeout: options.killAfterMs ?? (timeoutSeconds + 30) * 1000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      const perCommand = /per-command:((?: #\d+:\d+ms)*)/.exec(stderr)?.[1] ?? '';
      const commandMs = [...perCommand.matchAll(/#\d+:(\d+)ms/g)].map((m) => Number(m[1]));
      resolve({ code, stdout, stderr, commandMs });
    });
  });
}
