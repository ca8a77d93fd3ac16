// One manager as an operator runs it: `npm start`'s entry (src/cli/start.ts) in a child process of
// its own, so a test can SIGKILL, SIGSTOP and SIGCONT it for real. Reads the API URL and admin token
// from the banner, keeps the JSON log lines from stderr, and calls the API as a client would.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const START = fileURLToPath(new URL('../../../../src/cli/start.ts', import.meta.url));

export interface ManagerSettings {
  readonly data: string;
  readonly catalog: string;
  /** A device URL; default the embedded virtual library under `<data>/library`. */
  readonly library?: string;
  readonly leaseTtlSeconds: number;
}

export interface LogLine {
  readonly msg?: string;
  readonly level?: number;
  readonly [field: string]: unknown;
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface LibraryListing {
  readonly id: string;
  readonly name: string;
  readonly ownedHere: boolean;
  readonly fencingKey: number;
  readonly lease: { readonly ownerId: string } | null;
}

export class StartedManager {
  readonly log: LogLine[] = [];
  stderr = '';
  readonly ready: Promise<{ url: string; token: string; banner: string }>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #url = '';
  #token = '';

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    let banner = '';
    this.exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
    this.ready = new Promise((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        banner += `${line}\n`;
        const api = /^ {2}API +(http\S+)$/.exec(line);
        if (api?.[1] !== undefined) this.#url = api[1];
        const token = /^ {2}admin token (\S+)/.exec(line);
        if (token?.[1] !== undefined) {
          this.#token = token[1];
          resolve({ url: this.#url, token: this.#token, banner });
        }
      });
      void this.exited.then(({ code, signal }) => reject(new Error(`the manager exited (code ${String(code)}, signal ${String(signal)}) before it was ready: ${this.stderr}`)));
    });
    this.ready.catch(() => undefined);
    createInterface({ input: child.stderr }).on('line', (line) => {
      this.stderr += `${line}\n`;
      try {
        this.log.push(JSON.parse(line) as LogLine);
      } catch {
        // not a log line (a Node warning): kept in stderr
      }
    });
  }

  static start(settings: ManagerSettings): StartedManager {
    const args = ['--import', 'tsx', START, '--data', settings.data, '--catalog', settings.catalog, '--listen', '127.0.0.1:0', '--iscsi-listen', '127.0.0.1:0', '--lease-ttl', String(settings.leaseTtlSeconds)];
    if (settings.library !== undefined) args.push('--library', settings.library);
    return new StartedManager(spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async api(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    const response = await fetch(`${this.#url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.#token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  }

  /** The library as this manager lists it. */
  async library(name = 'library'): Promise<LibraryListing> {
    const { body } = await this.api('GET', '/v1/libraries');
    const found = (body as LibraryListing[]).find((l) => l.name === name);
    if (found === undefined) throw new Error(`no library ${name} in ${JSON.stringify(body)}`);
    return found;
  }

  /** Poll the request until it is final (completed, failed, cancelled, timed-out). */
  async finalRequest(id: number, limitMs = 60_000): Promise<{ state: string; errorCode: string | null; errorMessage: string | null }> {
    const giveUp = Date.now() + limitMs;
    for (;;) {
      const { body } = await this.api('GET', `/v1/requests/${id}`);
      const request = body as { state: string; errorCode: string | null; errorMessage: string | null };
      if (['completed', 'failed', 'cancelled', 'timed-out'].includes(request.state)) return { state: request.state, errorCode: request.errorCode, errorMessage: request.errorMessage };
      if (Date.now() > giveUp) throw new Error(`request ${id} still ${request.state}: ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Resolves with the first log line (already logged or to come) that `match` accepts. */
  async waitForLog(match: (line: LogLine) => boolean, what: string, limitMs = 30_000): Promise<LogLine> {
    const giveUp = Date.now() + limitMs;
    for (;;) {
      const line = this.log.find(match);
      if (line !== undefined) return line;
      if (Date.now() > giveUp) throw new Error(`no log line ${what}; stderr: ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGCONT');
    this.child.kill('SIGKILL');
    await this.exited;
  }
}
