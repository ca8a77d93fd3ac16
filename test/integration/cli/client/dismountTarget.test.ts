// `changer media dismount <drive:N|barcode>`: a `drive:` that names no drive number is refused on
// the command line (one line, exit code 2) and never reaches the manager as a barcode.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changer } from './captureRun.ts';
import { literalServer } from './literalServer.ts';

for (const target of ['drive:x', 'drive:', 'DRIVE:-1', 'drive:1.5']) {
  test(`media dismount ${target}: one line naming the argument, exit code 2, nothing sent`, async () => {
    const server = await literalServer({});
    try {
      const run = await changer(['media', 'dismount', target, '--server', server.url, '--token', 't']);
      assert.deepEqual(run, {
        code: 2,
        out: '',
        err: `changer: '${target}' is not a drive: write drive:N with N a drive number counted from 0 (drive:0 is the first drive), or give a barcode (see 'changer --help')\n`,
      });
      assert.deepEqual(server.seen, []);
    } finally {
      await server.close();
    }
  });
}

test('media dismount drive:0 and a barcode still go to the manager as a drive and a barcode', async () => {
  const server = await literalServer({});
  try {
    await changer(['media', 'dismount', 'drive:0', '--library', 'lib', '--no-wait', '--server', server.url, '--token', 't']);
    await changer(['media', 'dismount', 'A00001L8', '--library', 'lib', '--no-wait', '--server', server.url, '--token', 't']);
    const bodies = server.seen.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    assert.deepEqual(bodies.map((b) => [b.drive, b.barcode]), [[0, undefined], [undefined, 'A00001L8']]);
  } finally {
    await server.close();
  }
});
