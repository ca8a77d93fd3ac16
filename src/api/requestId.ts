// Request ids: the caller's X-Request-Id when it is a sane token (so a client can find its call in
// our log), else a fresh one. Problems of internal errors quote it.
import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';

const CLIENT_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const ID_BYTES = 8;
/** Fresh ids drawn at a time: a call into the system's random source per request was 4 % of a page's cost. */
const IDS_PER_DRAW = 512;

let drawn = Buffer.alloc(0);
let next = 0;

export function requestIdOf(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  if (typeof header === 'string' && CLIENT_ID.test(header)) return header;
  if (next + ID_BYTES > drawn.length) {
    drawn = randomBytes(ID_BYTES * IDS_PER_DRAW);
    next = 0;
  }
  next += ID_BYTES;
  return drawn.toString('hex', next - ID_BYTES, next);
}
