// PostgreSQL's connections go to the oldest operation first (src/rsm/catalog/oldestFirstPool.ts):
// a statement of an operation begun earlier gets the next free connection before one that asked
// earlier for an operation begun later, and statements outside any operation count from when they ask.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type pg from 'pg';
import { asOneOperation } from '../../../../src/rsm/catalog/index.ts';
import { OldestFirstPool } from '../../../../src/rsm/catalog/oldestFirstPool.ts';

/** A pool underneath with one connection whose statements answer their own text; counts what it was asked. */
function onePool(): { pool: OldestFirstPool; connects: () => number } {
  let connects = 0;
  const client = { query: async (text: string) => ({ rows: [text] }), release: () => undefined };
  const underneath = { connect: async () => (connects++, client), end: async () => undefined } as unknown as pg.Pool;
  return { pool: new OldestFirstPool(underneath, 1), connects: () => connects };
}

/** Let promises and one turn of the loop settle. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('the next connection goes to the operation begun first, not to the statement that asked first', async () => {
  const { pool } = onePool();
  const served: string[] = [];
  const statement = async (name: string): Promise<void> => {
    const client = await pool.connect();
    served.push(name);
    client.release();
  };
  const holder = await pool.connect();
  let releaseOld!: () => void;
  const oldHasAsked = new Promise<void>((resolve) => (releaseOld = resolve));
  // Begun first, asks last: its second statement after a background statement and a newer operation asked.
  const old = asOneOperation(async () => {
    await oldHasAsked;
    await statement('old operation');
  });
  await settle();
  const background = statement('background');
  const newer = asOneOperation(() => statement('newer operation'));
  await settle();
  releaseOld();
  await settle();
  holder.release();
  await Promise.all([old, background, newer]);
  assert.deepEqual(served, ['old operation', 'background', 'newer operation']);
});

test('work an operation leaves running counts from when it asks once the operation is done', async () => {
  const { pool } = onePool();
  const served: string[] = [];
  const holder = await pool.connect();
  let left: Promise<void> | undefined;
  await asOneOperation(async () => {
    left = (async () => {
      await settle();
      await settle();
      const client = await pool.connect();
      served.push('left running');
      client.release();
    })();
  });
  const newer = asOneOperation(async () => {
    const client = await pool.connect();
    served.push('newer operation');
    client.release();
  });
  await settle();
  await settle();
  await settle();
  holder.release();
  await Promise.all([left, newer]);
  assert.deepEqual(served, ['newer operation', 'left running']);
});

test('closing refuses whoever waits, and later statements, with UNAVAILABLE', async () => {
  const { pool, connects } = onePool();
  await pool.connect();
  const waiting = pool.connect();
  await pool.end();
  await assert.rejects(waiting, { code: 'UNAVAILABLE', message: 'the catalog was closed' });
  await assert.rejects(pool.connect(), { code: 'UNAVAILABLE' });
  assert.equal(connects(), 1);
});
