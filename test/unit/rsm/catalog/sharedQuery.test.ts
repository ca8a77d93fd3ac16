import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SharedQueries, SharedQuery } from '../../../../src/rsm/catalog/sharedQuery.ts';

/** A query whose answers the test gives by hand, one per round trip, counting the round trips. */
function manualQuery(): { readonly shared: SharedQuery<string>; sent(): number; answer(value: string | Error): void } {
  const waiting: { resolve(v: string): void; reject(e: Error): void }[] = [];
  let sent = 0;
  const shared = new SharedQuery(
    () =>
      new Promise<string>((resolve, reject) => {
        sent += 1;
        waiting.push({ resolve, reject });
      }),
  );
  return {
    shared,
    sent: () => sent,
    answer(value) {
      const next = waiting.shift();
      if (value instanceof Error) next?.reject(value);
      else next?.resolve(value);
    },
  };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('callers asking while a query is out share the next one, never the one sent before they asked', async () => {
  const q = manualQuery();
  const first = q.shared.ask();
  const second = q.shared.ask();
  const third = q.shared.ask();
  assert.equal(q.sent(), 1);
  q.answer('before');
  assert.equal(await first, 'before');
  await turn();
  assert.equal(q.sent(), 2);
  q.answer('after');
  assert.deepEqual([await second, await third], ['after', 'after']);
  await turn();
  assert.equal(q.sent(), 2);
  // Nothing out: the next caller sends at once.
  const fourth = q.shared.ask();
  assert.equal(q.sent(), 3);
  q.answer('later');
  assert.equal(await fourth, 'later');
});

test('a failed query fails only its own callers; those waiting for the next get the next', async () => {
  const q = manualQuery();
  const failing = q.shared.ask();
  const waiting = q.shared.ask();
  q.answer(new Error('connection lost'));
  await assert.rejects(failing, /connection lost/);
  await turn();
  q.answer('fresh');
  assert.equal(await waiting, 'fresh');
});

test('queries by key: the same key shares as one SharedQuery does, another key goes on its own, and a key is forgotten once idle', async () => {
  const queries = new SharedQueries<string>();
  const sent: string[] = [];
  const answers: ((value: string) => void)[] = [];
  const ask = (key: string): Promise<string> =>
    queries.ask(key, () => {
      sent.push(key);
      return new Promise<string>((resolve) => answers.push(resolve));
    });
  const drivesA = ask('drives of A');
  const drivesAagain = ask('drives of A');
  const drivesB = ask('drives of B');
  assert.deepEqual(sent, ['drives of A', 'drives of B']);
  assert.equal(queries.size, 2);
  answers.shift()?.('A1');
  answers.shift()?.('B1');
  assert.deepEqual([await drivesA, await drivesB], ['A1', 'B1']);
  await turn();
  // The second ask of A came while the first was out: it gets the next round trip.
  assert.deepEqual(sent, ['drives of A', 'drives of B', 'drives of A']);
  answers.shift()?.('A2');
  assert.equal(await drivesAagain, 'A2');
  await turn();
  assert.equal(queries.size, 0);
});
