import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import { test } from 'node:test';
import { changer } from './captureRun.ts';

// A manager that restarted while `changer events` could not reach it, and has already published
// more events than the client had seen: its ids are not the old ones. The client asks again for
// the last event it received, sees another event under that id, and reads the new process from #1.

function drive(seq: number, at: number): string {
  return `id: ${seq}\nevent: drive\ndata: ${JSON.stringify({ seq, at, library: 'lib', type: 'drive', drive: 0, state: 'mounted', barcode: `A0000${seq}L8` })}\n\n`;
}

test('a restarted manager already past the last id seen: every event of the new process is shown, each once', async () => {
  const asked: (string | undefined)[] = [];
  const open: ServerResponse[] = [];
  const server = createServer((request, response) => {
    const lastEventId = request.headers['last-event-id'] as string | undefined;
    asked.push(lastEventId);
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    if (asked.length === 1) {
      // The first process: three events, then it dies.
      response.end(drive(1, 1000) + drive(2, 2000) + drive(3, 3000));
      return;
    }
    // The second process, started at 5000: ids 1..4 are its own. Asked for what follows 2, it sends its 3, not ours.
    const mine = [drive(1, 5001), drive(2, 5002), drive(3, 5003), drive(4, 5004)];
    response.write(mine.slice(Number(lastEventId ?? 0)).join(''));
    open.push(response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  try {
    const run = await changer(['events', '--server', `http://127.0.0.1:${port}`, '--count', '7']);
    assert.equal(run.code, 0, run.err);
    assert.deepEqual(asked, [undefined, '2', '0']);
    const line = (seq: number, at: number): string => `${new Date(at).toISOString()}  #${seq}  lib  drive 0 mounted A0000${seq}L8\n`;
    assert.equal(run.out, [line(1, 1000), line(2, 2000), line(3, 3000), line(1, 5001), line(2, 5002), line(3, 5003), line(4, 5004)].join(''));
    assert.equal(run.err, `changer: the event stream from http://127.0.0.1:${port} ended; reconnecting after event #3 until interrupted\nchanger: the manager restarted; its events are numbered from #1 again\n`);
  } finally {
    for (const response of open) response.end();
    server.close();
  }
});
