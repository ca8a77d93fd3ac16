// Drives one ownerProcess.ts child: sends it commands, waits for the JSON events it reports.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ManagerEvent {
  readonly event: string;
  readonly [field: string]: unknown;
}

const SCRIPT = fileURLToPath(new URL('./ownerProcess.ts', import.meta.url));

export class ManagerProcess {
  private readonly events: ManagerEvent[] = [];
  private readonly consumed = new Set<number>();
  private wake: (() => void) | undefined;
  private stderr = '';
  readonly exited: Promise<unknown>;
  private hasExited = false;

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.events.push(JSON.parse(line) as ManagerEvent);
      this.wake?.();
    });
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = once(child, 'exit').then((result) => {
      this.hasExited = true;
      this.wake?.();
      return result;
    });
  }

  /** A manager on `host` for the library, with a lease of `ttlMs`. */
  static start(catalogUrl: string, libraryId: string, deviceUrl: string, ttlMs: number, host: string): ManagerProcess {
    return new ManagerProcess(spawn(process.execPath, ['--import', 'tsx', SCRIPT, catalogUrl, libraryId, deviceUrl, String(ttlMs), host], { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  send(command: string): void {
    this.child.stdin.write(`${command}\n`);
  }

  /** The next event not yet taken whose name is one of `names`. */
  async next(...names: string[]): Promise<ManagerEvent> {
    const giveUp = Date.now() + 60_000;
    for (;;) {
      const index = this.events.findIndex((e, i) => !this.consumed.has(i) && names.includes(e.event));
      if (index >= 0) {
        this.consumed.add(index);
        return this.events[index] as ManagerEvent;
      }
      if (this.hasExited) throw new Error(`the manager exited before reporting ${names.join('/')}: ${this.stderr}`);
      if (Date.now() > giveUp) throw new Error(`no ${names.join('/')} from the manager; it said ${JSON.stringify(this.events)} ${this.stderr}`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, 1000);
      });
    }
  }

  /** Ask until the library is ours; resolves with the `owned` event and how many refusals came first. */
  async acquireWhenFree(): Promise<{ owned: ManagerEvent; refusals: number }> {
    for (let refusals = 0; ; refusals++) {
      this.send('acquire');
      const reply = await this.next('owned', 'refused');
      if (reply.event === 'owned') return { owned: reply, refusals };
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async stop(): Promise<void> {
    if (this.hasExited) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
