import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startManagerStack } from '../cli/client/managerStack.ts';

// /metrics shows each library's state as it is now. library-24 starts with 18 cartridges in its
// 24 slots (one unlabelled, one cleaner in no pool) and one in the mailslot; one mount moves
// A00001L8 from slot:1 into drive:0, so 17 slots are full and one drive is loaded.

const GAUGES = /^changer_(slots|drives|media|operator_requests_open|lease_owned|request_queue_depth)\{/;

async function gauges(url: string, token: string): Promise<string[]> {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
  return text.split('\n').filter((line) => GAUGES.test(line));
}

test('after one mount: slots, drives, media by pool and state, open operator requests, lease owned', async () => {
  const s = await startManagerStack();
  try {
    const mount = await fetch(`${s.url}/v1/mounts?wait=30000`, { method: 'POST', headers: { authorization: `Bearer ${s.tokens.application}`, 'content-type': 'application/json' }, body: JSON.stringify({ library: 'library-24', barcode: 'A00001L8', drive: 0 }) });
    assert.equal(((await mount.json()) as { state: string }).state, 'completed');
    assert.deepEqual(await gauges(s.url, s.tokens.reader), [
      'changer_request_queue_depth{library="library-24"} 0',
      'changer_slots{library="library-24",state="full"} 17',
      'changer_slots{library="library-24",state="empty"} 7',
      'changer_drives{library="library-24",state="loaded"} 1',
      'changer_drives{library="library-24",state="empty"} 1',
      'changer_drives{library="library-24",state="cleaning"} 0',
      'changer_media{library="library-24",pool="Unrecognized/unknown",state="idle"} 1',
      'changer_media{library="library-24",pool="Import/LTO-8",state="mounted"} 1',
      'changer_media{library="library-24",pool="Import/LTO-8",state="idle"} 15',
      'changer_media{library="library-24",pool="Import/LTO-7",state="idle"} 1',
      'changer_media{library="library-24",pool="none",state="idle"} 1',
      'changer_operator_requests_open{library="library-24",kind="device-service"} 1',
      'changer_lease_owned{library="library-24"} 1',
    ]);
  } finally {
    await s.dispose();
  }
});
