import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Changer } from '../../../src/driver/changer.ts';
import { ChangerError } from '../../../src/driver/changerError.ts';
import { RecordingMiniclass } from '../../helpers/recordingMiniclass.ts';
import { MINIMAL } from '../../helpers/parameters.ts';

const child = fileURLToPath(new URL('../../helpers/holdChanger.ts', import.meta.url));

function startHolder(url: string, owner: string): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', child, url, owner], { stdio: 'pipe' });
}

const readers = new WeakMap<ChildProcessWithoutNullStreams, AsyncIterator<string>>();

/** The child's next line of output ('' once it has ended). */
async function nextLine(p: ChildProcessWithoutNullStreams): Promise<string> {
  let lines = readers.get(p);
  if (lines === undefined) {
    lines = createInterface({ input: p.stdout })[Symbol.asyncIterator]();
    readers.set(p, lines);
  }
  const next = await lines.next();
  return next.done === true ? '' : next.value;
}

const openHere = (url: string): Promise<Changer> => Changer.open(url, { owner: 'parent', connect: async () => new RecordingMiniclass(MINIMAL) });

test('a changer held by another process is DEVICE_BUSY; its hold dies with it (SIGKILL)', async () => {
  const url = `test:${randomUUID()}`;
  const holder = startHolder(url, 'rsm-on-host-a');
  try {
    assert.equal(await nextLine(holder), 'held');
    await assert.rejects(openHere(url), (e: unknown) =>
      e instanceof ChangerError && e.code === 'DEVICE_BUSY' && e.message.includes('rsm-on-host-a') && e.message.includes(`pid ${holder.pid}`));
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    const mine = await openHere(url);
    await mine.close();
  } finally {
    holder.kill('SIGKILL');
  }
});

test('a process that closes the changer releases it for the next process', async () => {
  const url = `test:${randomUUID()}`;
  const mine = await openHere(url);
  const blocked = startHolder(url, 'second');
  assert.equal(await nextLine(blocked), 'error DEVICE_BUSY');
  await once(blocked, 'exit');
  await mine.close();
  const holder = startHolder(url, 'third');
  try {
    assert.equal(await nextLine(holder), 'held');
    holder.stdin.write('close\n');
    assert.equal(await nextLine(holder), 'closed');
    await once(holder, 'exit');
    const again = await openHere(url);
    await again.close();
  } finally {
    holder.kill('SIGKILL');
  }
});
