// The operations half of the NTMS contract from the command line, against the real API server and
// Manager (library-24, virtual clock, SQLite): operator messages, enable/disable with a reason,
// names, the queue, a drive that needs cleaning and purging finished requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OperatorRequest } from '../../../../src/rsm/catalog/index.ts';
import type { CleaningReport, ObjectState, QueuedRequest } from '../../../../src/rsm/operationsContract.ts';
import { changer, type ChangerRun } from './captureRun.ts';
import { startManagerStack } from './managerStack.ts';

function json<T>(r: ChangerRun): T {
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as T;
}

test('operator submit, disable/describe/enable a drive, the queue, needs-cleaning, purge and a slot audit through changer', async () => {
  const s = await startManagerStack();
  try {
    const as = (token: string) => (args: string[]): Promise<ChangerRun> => changer(args, { CHANGER_SERVER: s.url, CHANGER_TOKEN: token });
    const app = as(s.tokens.application);
    const operator = as(s.tokens.operator);

    const sent = json<OperatorRequest>(await app(['operator', 'submit', 'Load', 'the', 'weekly', 'set', '--json']));
    assert.deepEqual([sent.kind, sent.state, sent.message], ['message', 'submitted', 'Load the weekly set']);
    assert.deepEqual(await operator(['operator', 'submit', '--kind', 'device-service', 'Drive', '1', 'squeaks']), { code: 0, out: `operator request ${sent.id + 1} (device-service) submitted: Drive 1 squeaks\n`, err: '' });

    assert.deepEqual(await operator(['disable', 'drive:1', 'head', 'replaced']), { code: 0, out: 'drive:1 disabled: head replaced\n', err: '' });
    assert.deepEqual(await operator(['describe', 'drive:1', '--name', 'HH8 right']), { code: 0, out: 'drive:1 disabled: head replaced; name \'HH8 right\'\n', err: '' });
    const refused = await app(['media', 'mount', 'A00001L8', '--drive', '1']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /drive 1 of library library-24 is disabled: head replaced; changer enable drive:1 puts it back in service/);
    assert.deepEqual(await operator(['describe', 'drive:1', '--defer-dismount', '300']), { code: 0, out: 'drive:1 disabled: head replaced; name \'HH8 right\', deferred dismount 300 s\n', err: '' });
    assert.equal((await operator(['describe', 'medium:A00001L8', '--defer-dismount', '300'])).code, 2);
    const enabled = json<ObjectState>(await operator(['enable', 'drive:1', '--json']));
    assert.deepEqual([enabled.enabled, enabled.disabledReason, enabled.name], [true, null, 'HH8 right']);
    const badObject = await operator(['disable', 'robot']);
    assert.deepEqual([badObject.code, badObject.err], [2, 'changer: \'robot\' is not an object: write library, drive:N or medium:BARCODE (see \'changer --help\')\n']);

    assert.deepEqual(json<QueuedRequest[]>(await app(['requests', 'queue', '--json'])), []);
    assert.equal((await app(['requests', 'queue'])).out, 'ORDER  ID  KIND  STATE  PRIORITY  EFFECTIVE  DRIVE  SUBMITTED\n0 requests not finished\n');
    const cleaning = json<CleaningReport>(await app(['needs-cleaning', 'drive:0', '--json']));
    assert.deepEqual([cleaning.drive, cleaning.request?.kind], [0, 'clean']);
    assert.equal((await app(['requests', 'show', String(cleaning.request?.id), '--wait'])).code, 0);
    assert.deepEqual(await operator(['requests', 'purge', '--older-than', '0', '--json']).then((r) => (json<{ deleted: number }>(r)).deleted), 1);

    // Three slots, three audit requests (the bar counts slots on a terminal); the catalog matched.
    assert.deepEqual(await operator(['audit', 'slot:2-slot:4']), { code: 0, out: 'audit of slot:2-slot:4 (library library-24): 3 full, 0 empty; the catalog was right\n', err: '' });
    assert.equal(json<unknown[]>(await operator(['audit', 'slot:2-4', '--json'])).length, 3);
    const badRange = await operator(['audit', 'slot:9-slot:99']);
    assert.deepEqual([badRange.code, badRange.err], [2, 'changer: library library-24 has no slot:99 (its slots are slot:1 to slot:24) (see \'changer --help\')\n']);
  } finally {
    await s.dispose();
  }
});
