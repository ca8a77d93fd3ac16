// One session of the iSCSI bench's C client (cdbClient.c): a list of CDBs to cycle through, and
// runs of N commands, each answered with the run's time, the client's own CPU time and every
// command's latency.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';

export interface CdbRun {
  readonly elapsedNs: number;
  readonly cpuUs: number;
  readonly bytes: number;
  readonly latenciesNs: readonly number[];
}

export interface ClientCdb {
  readonly cdb: Uint8Array;
  readonly dataInLength: number;
}

export class CdbClient {
  readonly #child: ChildProcess;
  readonly #lines: Interface;
  readonly #waiting: ((line: string) => void)[] = [];
  readonly #exited: Promise<void>;

  private constructor(child: ChildProcess) {
    this.#child = child;
    this.#lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    this.#lines.on('line', (line) => this.#waiting.shift()?.(line));
    this.#exited = new Promise((resolve) => child.once('close', () => resolve()));
  }

  /** Logs in to `url` (past the session's unit attentions); rejects with the client's error. */
  static async open(client: string, url: string): Promise<CdbClient> {
    const c = new CdbClient(spawn(client, [url], { stdio: ['pipe', 'pipe', 'inherit'] }));
    const first = await c.#next();
    if (first !== 'ready') {
      await c.close();
      throw new Error((JSON.parse(first) as { error?: string }).error ?? first);
    }
    return c;
  }

  #next(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.#waiting.push(resolve);
      void this.#exited.then(() => reject(new Error('the C client exited')));
    });
  }

  /** Runs `count` commands of `cdbs`, the i-th being cdbs[(first + i) % cdbs.length]. */
  async run(cdbs: readonly ClientCdb[], count: number, first = 0): Promise<CdbRun> {
    const list = cdbs.map((c) => `${Buffer.from(c.cdb).toString('hex')} ${c.dataInLength}`).join('\n');
    this.#child.stdin?.write(`cdbs ${cdbs.length}\n${list}\nrun ${count} ${first}\n`);
    const answer = JSON.parse(await this.#next()) as CdbRun & { error?: string };
    if (answer.error !== undefined) throw new Error(answer.error);
    return answer;
  }

  async close(): Promise<void> {
    this.#child.stdin?.end('quit\n');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 3000);
    await this.#exited;
    clearTimeout(timer);
  }
}
