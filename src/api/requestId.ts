// Request ids: the caller's X-Request-Id when it is a sane token (so a client can find its call in
// our log), else a fresh one. Problems of internal errors quote it.
import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';

const CLIENT_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestIdOf(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  if (typeof header === 'string' && CLIENT_ID.test(header)) return header;
  return randomBytes(8).toString('hex');
}
