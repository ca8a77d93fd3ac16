import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { ChangerError } from '../../../src/shared/changerError.ts';
import { openHere, startHolder } from '../../helpers/holdProcess.ts';

test('a changer held by another process is DEVICE_BUSY; its hold dies with it (SIGKILL)', async () => {
  const url = `test:${randomUUID()}`;
  const holder = startHolder(url, 'rsm-on-host-a');
  try {
    assert.equal(await holder.nextLine(), 'held');
    await assert.rejects(openHere(url), (e: unknown) =>
      e instanceof ChangerError && e.code === 'DEVICE_BUSY' && e.message.includes('rsm-on-host-a') && e.message.includes(`pid ${holder.process.pid}`));
    holder.process.kill('SIGKILL');
    await once(holder.process, 'exit');
    const mine = await openHere(url);
    await mine.close();
  } finally {
    holder.process.kill('SIGKILL');
  }
});

test('a process that closes the changer releases it for the next process', async () => {
  const url = `test:${randomUUID()}`;
  const mine = await openHere(url);
  const blocked = startHolder(url, 'second');
  assert.equal(await blocked.nextLine(), 'error DEVICE_BUSY');
  await once(blocked.process, 'exit');
  await mine.close();
  const holder = startHolder(url, 'third');
  try {
    assert.equal(await holder.nextLine(), 'held');
    holder.process.stdin.write('close\n');
    assert.equal(await holder.nextLine(), 'closed');
    await once(holder.process, 'exit');
    const again = await openHere(url);
    await again.close();
  } finally {
    holder.process.kill('SIGKILL');
  }
});
