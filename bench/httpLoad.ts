// The API bench's load generator: N keep-alive HTTP/1.1 connections, each sending its next request
// as soon as the previous answer has fully arrived (a closed loop, as autocannon does), for a fixed
// time. Raw sockets and a Content-Length parser instead of fetch/undici: at thousands of requests
// a second the client's own CPU per request must stay well below the server's, and the bench
// prints both so a reader can see that it does.
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
}

export interface LoadResult {
  /** Milliseconds per request, in completion order. */
  readonly latencies: number[];
  /** The slowest request of each method, ms, and when it was sent (s into the run): a mix's reads and writes wait on different things. */
  readonly slowestByMethod: ReadonlyMap<string, { readonly ms: number; readonly sentAt: number }>;
  /** Status codes and how often each came. */
  readonly statuses: ReadonlyMap<number, number>;
  readonly elapsedSeconds: number;
  /** This process's CPU seconds (user + system) during the run: the generator's own cost. */
  readonly clientCpuSeconds: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** One connection's parser state: bytes waiting, and how many the current answer still needs. */
class Connection {
  private pending: Buffer = Buffer.alloc(0);
  private needed = -1;
  private status = 0;
  private onAnswer: ((status: number) => void) | undefined;
  private onError: ((err: Error) => void) | undefined;

  constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (err) => this.onError?.(err));
    socket.on('close', () => this.onError?.(new Error('the server closed a keep-alive connection')));
  }

  send(bytes: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.onAnswer = resolve;
      this.onError = reject;
      this.socket.write(bytes);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      if (this.needed < 0) {
        const end = this.pending.indexOf(HEADER_END);
        if (end < 0) return;
        const head = this.pending.toString('latin1', 0, end);
        this.status = Number(head.slice(9, 12));
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
        if (length === null) throw new Error(`answer without Content-Length: ${head.split('\r\n')[0] ?? ''}`);
        this.needed = Number(length[1]);
        this.pending = this.pending.subarray(end + HEADER_END.length);
      }
      if (this.pending.length < this.needed) return;
      this.pending = this.pending.subarray(this.needed);
      this.needed = -1;
      const answer = this.onAnswer;
      this.onAnswer = undefined;
      this.onError = undefined;
      answer?.(this.status);
    }
  }
}

function requestBytes(host: string, token: string, request: HttpRequest): string {
  const body = request.body ?? '';
  const type = request.body !== undefined ? `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` : '';
  return `${request.method} ${request.path} HTTP/1.1\r\nhost: ${host}\r\nauthorization: Bearer ${token}\r\naccept: application/json\r\n${type}\r\n${body}`;
}

async function open(host: string, port: number): Promise<Connection> {
  const socket = connect({ host, port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return new Connection(socket);
}

/**
 * `connections` closed loops for `seconds`; loop n sends next(n, i) as its i-th request, with the
 * token `tokenOf(request)` names.
 */
export async function runLoad(
  url: string,
  connections: number,
  seconds: number,
  next: (connection: number, i: number) => HttpRequest,
  tokenOf: (request: HttpRequest) => string,
): Promise<LoadResult> {
  const { hostname, port } = new URL(url);
  const host = `${hostname}:${port}`;
  const sockets = await Promise.all(Array.from({ length: connections }, () => open(hostname, Number(port))));
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const slowestByMethod = new Map<string, { ms: number; sentAt: number }>();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  try {
    await Promise.all(
      sockets.map(async (socket, n) => {
        for (let i = 0; performance.now() < end; i++) {
          const request = next(n, i);
          const t = performance.now();
          const status = await socket.send(requestBytes(host, tokenOf(request), request));
          const took = performance.now() - t;
          latencies.push(took);
          if (took > (slowestByMethod.get(request.method)?.ms ?? -1)) slowestByMethod.set(request.method, { ms: took, sentAt: (t - start) / 1000 });
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        }
      }),
    );
  } finally {
    for (const socket of sockets) socket.close();
  }
  const used = process.cpuUsage(cpu);
  return { latencies, slowestByMethod, statuses, elapsedSeconds: (performance.now() - start) / 1000, clientCpuSeconds: (used.user + used.system) / 1e6 };
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}
