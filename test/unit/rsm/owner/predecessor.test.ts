import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { holderIsGone } from '../../../../src/rsm/owner/predecessor.ts';
import { managerOwnerId } from '../../../../src/rsm/owner/ownerId.ts';

test('a holder is provably gone only when it ran on this host in a process that no longer exists', async () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  await once(child, 'spawn');
  const pid = child.pid as number;
  assert.equal(holderIsGone(managerOwnerId('rsm', 'this-host', pid), 'this-host'), false, 'alive');
  child.kill('SIGSTOP');
  assert.equal(holderIsGone(managerOwnerId('rsm', 'this-host', pid), 'this-host'), false, 'stopped is not gone');
  child.kill('SIGKILL');
  await once(child, 'exit');
  assert.equal(holderIsGone(managerOwnerId('rsm', 'this-host', pid), 'this-host'), true, 'killed');
  assert.equal(holderIsGone(managerOwnerId('rsm', 'other-host', pid), 'this-host'), false, 'another host proves nothing');
  assert.equal(holderIsGone(managerOwnerId('rsm', 'this-host', process.pid), 'this-host'), false, 'this very process');
  assert.equal(holderIsGone('crash-rsm', 'this-host'), false, 'an owner id without host and pid');
});
