// The tape bench's C client (tapeClient.c, built by nativeClient.ts), run one process per drive.
// All the processes of a figure log in and get ready first, then start on one signal, so the
// figure is the total bytes over the span from the first start to the last end.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { cpuNs } from './processCpu.ts';

export interface ClientRun {
  readonly url: string;
  readonly direction: 'write' | 'read';
  readonly blockLength: number;
  readonly fixed: boolean;
  readonly bytes: number;
}

export type ClientOutcome =
  | {
    readonly mbPerSecond: number;
    /** The clients' CPU time over the span: near 1 per core means the clients set the pace. */
    readonly clientCpuShare: number;
    /** The target's CPU time (all its threads) over the span, when its pid is known. */
    readonly targetCpuShare: number | undefined;
  }
  | { readonly unavailable: string };

interface ClientResult {
  readonly startNs?: number;
  readonly endNs?: number;
  readonly cpuUs?: number;
  readonly error?: string;
}

/**
 * Runs one client per entry at once; the figure is all their bytes over the span of all of them.
 * `targetPid`: the target's process, whose CPU over the whole run is shown beside the figure.
 */
export async function runTapeClients(client: string, runs: readonly ClientRun[], targetPid?: number): Promise<ClientOutcome> {
  const children = runs.map((r) => {
    const child = spawn(client, [r.url, r.direction, String(r.blockLength), r.fixed ? '1' : '0', String(r.bytes)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout });
    const next = (): Promise<string> => new Promise((resolve, reject) => {
      lines.once('line', resolve);
      child.once('close', (code) => reject(new Error(`tape client exited with ${code}`)));
    });
    return { child, next };
  });
  try {
    const firsts = await Promise.all(children.map((c) => c.next()));
    const refused = firsts.find((line) => line !== 'ready');
    if (refused !== undefined) return { unavailable: (JSON.parse(refused) as ClientResult).error ?? refused };
    const lasts = children.map((c) => c.next());
    const targetBefore = cpuNs(targetPid);
    const wallBefore = process.hrtime.bigint();
    for (const c of children) c.child.stdin.end('go\n');
    const results = (await Promise.all(lasts)).map((line) => JSON.parse(line) as ClientResult);
    const targetAfter = cpuNs(targetPid);
    const wallNs = Number(process.hrtime.bigint() - wallBefore);
    const failed = results.find((r) => r.error !== undefined);
    if (failed?.error !== undefined) return { unavailable: failed.error };
    const start = Math.min(...results.map((r) => r.startNs ?? 0));
    const end = Math.max(...results.map((r) => r.endNs ?? 0));
    const seconds = (end - start) / 1e9;
    const bytes = runs.reduce((sum, r) => sum + r.bytes, 0);
    const cpuSeconds = results.reduce((sum, r) => sum + (r.cpuUs ?? 0), 0) / 1e6;
    // The target's share is over this process's own span (the clients' clocks are theirs): a little wider than `seconds`.
    const targetCpuShare = targetBefore === undefined || targetAfter === undefined ? undefined : (targetAfter - targetBefore) / wallNs;
    return { mbPerSecond: bytes / 1e6 / seconds, clientCpuShare: cpuSeconds / seconds, targetCpuShare };
  } finally {
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
  }
}
