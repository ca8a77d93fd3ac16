import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RequestView } from '../../../../src/rsm/service.ts';
import { changer } from './captureRun.ts';
import { startManagerStack } from './managerStack.ts';

// One numbering everywhere: the cartridge that `media show` and `changer status` place in slot:1
// leaves slot:1 in the events and the request notes too — never the zero-based index (slot 0).

const stamp = /^\S+ {2}#\d+ {2}/gm;

/** Until the API counts a client on its event stream (changer_sse_clients), so no event is missed. */
async function untilFollowed(url: string, token: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    if (/^changer_sse_clients 1$/m.test(metrics)) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail('the event stream was never opened');
}

test('a mount and a dismount: events and request notes name slot:1 and drive:0, as media show does', async () => {
  const s = await startManagerStack();
  try {
    const env = { CHANGER_SERVER: s.url, CHANGER_TOKEN: s.tokens.admin };
    assert.equal((await changer(['media', 'show', 'A00001L8', '--json'], env)).out.includes('"type": "slot",\n    "index": 0'), true);
    assert.match((await changer(['media', 'show', 'A00001L8'], env)).out, /^location: +slot:1$/m);
    const following = changer(['events', '--type', 'element,medium', '--count', '6'], env);
    await untilFollowed(s.url, s.tokens.reader);
    assert.equal((await changer(['media', 'mount', 'A00001L8', '--drive', '0'], env)).code, 0);
    assert.equal((await changer(['media', 'dismount', 'drive:0'], env)).code, 0);
    const events = await following;
    assert.equal(events.out.replace(stamp, ''), [
      'library-24  medium A00001L8 mounted at drive:0',
      'library-24  element slot:1 empty',
      'library-24  element drive:0 full',
      'library-24  medium A00001L8 idle at slot:1',
      'library-24  element drive:0 empty',
      'library-24  element slot:1 full',
      '',
    ].join('\n'));
    const notes = await Promise.all([1, 2].map(async (id) => (JSON.parse((await changer(['requests', 'show', String(id), '--json'], env)).out) as RequestView).history.at(-1)?.note));
    assert.deepEqual(notes, ['A00001L8 mounted in drive:0', 'A00001L8 dismounted to slot:1']);
  } finally {
    await s.dispose();
  }
});
