// The exclusive hold across processes, tried the way it failed: probes that connect and hang up
// at once (which used to kill the holder with an unhandled EPIPE), a holder that is stopped
// (SIGSTOP) rather than dead, and who may take the hold from it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { statSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { ChangerError } from '../../../src/shared/changerError.ts';
import { holdSocketPath } from '../../../src/driver/exclusiveHold.ts';
import { openHere, startHolder } from '../../helpers/holdProcess.ts';
import { probeHold } from '../../helpers/probeHold.ts';

test('100 askers that hang up at once, and 20 that send garbage, leave the holder holding and answering', { timeout: 30_000 }, async () => {
  const url = `test:${randomUUID()}`;
  const holder = startHolder(url, 'rsm-probed');
  try {
    assert.equal(await holder.nextLine(), 'held');
    const path = holdSocketPath(url);
    await probeHold(path, 100);
    for (let i = 0; i < 20; i++) {
      const s = connect(path);
      s.on('error', () => undefined);
      s.end(Buffer.alloc(70_000, 0xff));
    }
    await assert.rejects(openHere(url), (e: unknown) =>
      e instanceof ChangerError && e.code === 'DEVICE_BUSY' && new RegExp(`^${url} is held by rsm-probed \\(pid ${holder.process.pid}, since \\d{4}-[\\d-]+T[\\d:.]+Z\\); close it there first$`).test(e.message));
    holder.process.stdin.write('close\n');
    assert.equal(await holder.nextLine(), 'closed');
    const [code] = (await once(holder.process, 'exit')) as [number | null];
    assert.equal(code, 0, 'the holder ended normally, not from an EPIPE');
  } finally {
    holder.process.kill('SIGKILL');
  }
});

test('the hold lives in a directory only its user can enter, and its socket is owner-only', async () => {
  const url = `test:${randomUUID()}`;
  const mine = await openHere(url);
  try {
    const path = holdSocketPath(url);
    assert.equal(statSync(dirname(path)).mode & 0o777, 0o700);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(statSync(`${path}.holder`).mode & 0o777, 0o600);
  } finally {
    await mine.close();
  }
  assert.throws(() => statSync(holdSocketPath(url)), /ENOENT/, 'closing removes the socket');
});

test('a stopped holder is busy to everyone, but the caller that may take it over does; resumed, its close leaves the new hold alone', { timeout: 30_000 }, async () => {
  const url = `test:${randomUUID()}`;
  const holder = startHolder(url, 'rsm-frozen');
  try {
    assert.equal(await holder.nextLine(), 'held');
    holder.process.kill('SIGSTOP');
    await assert.rejects(openHere(url), (e: unknown) =>
      e instanceof ChangerError && e.code === 'DEVICE_BUSY' &&
      new RegExp(`^${url} is held by rsm-frozen \\(pid ${holder.process.pid}, since [^)]+\\) that does not answer \\(stopped or hung\\); resume or stop it first$`).test(e.message));

    const taker = await openHere(url, true);
    holder.process.kill('SIGCONT');
    holder.process.stdin.write('close\n');
    assert.equal(await holder.nextLine(), 'closed');
    await once(holder.process, 'exit');

    const third = startHolder(url, 'third');
    try {
      assert.equal(await third.nextLine(), 'error DEVICE_BUSY', 'the taker still holds the changer');
    } finally {
      third.process.kill('SIGKILL');
    }
    await taker.close();
    const again = await openHere(url);
    await again.close();
  } finally {
    holder.process.kill('SIGKILL');
  }
});
