// A tiny real HTTP server that answers fixed, literal responses. Used ONLY to test how the client
// maps answers the real manager rarely or never gives on demand (a proxy's HTML page, a body that
// is not JSON, a refused connection, every problem status) to one line and an exit code; the
// behaviour of the commands themselves is tested against the real API server and Manager.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LiteralResponse {
  readonly status: number;
  readonly type?: string;
  /** A string is sent as it is; chunks are written one by one (for event streams). */
  readonly body: string | readonly string[];
}

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface LiteralServer {
  readonly url: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

/** `routes` keys are `METHOD /path` (query ignored); anything else answers 404 with a problem. */
export async function literalServer(routes: Readonly<Record<string, LiteralResponse>>): Promise<LiteralServer> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const path = (req.url ?? '').split('?')[0];
      const answer = routes[`${req.method ?? ''} ${path}`] ?? { status: 404, type: 'application/problem+json', body: JSON.stringify({ status: 404, code: 'ROUTE_NOT_FOUND', detail: `no route ${path}` }) };
      res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' });
      if (typeof answer.body === 'string') {
        res.end(answer.body);
        return;
      }
      const chunks = [...answer.body];
      const next = (): void => {
        const chunk = chunks.shift();
        if (chunk === undefined) res.end();
        else res.write(chunk, () => setImmediate(next));
      };
      next();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export function problem(status: number, code: string, detail: string): LiteralResponse {
  return { status, type: 'application/problem+json', body: JSON.stringify({ type: `urn:changer:problem:${code.toLowerCase()}`, title: code, status, detail, instance: '/x', code }) };
}
