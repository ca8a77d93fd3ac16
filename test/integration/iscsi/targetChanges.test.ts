import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { IscsiTarget } from '../../../src/iscsi/target/index.ts';
import { discoverIscsiTargets } from '../../../src/transport/iscsiDiscovery.ts';
import { IscsiTransport } from '../../../src/transport/iscsiTransport.ts';
import { TUR } from './helpers.ts';
import { TestDevice } from './testDevice.ts';

// A manager that takes a library over after it started serves that library's drives from then on,
// and stops serving a library it lost: IQNs come and go on a portal that keeps listening.

const FIRST = 'iqn.2024-01.org.changer.test:first';
const LATER = 'iqn.2024-01.org.changer.test:later';

describe('IQNs added to and removed from a listening target', () => {
  it('an added IQN is discovered and served at once; a removed one logs its sessions out and is refused as unknown', async () => {
    const target = new IscsiTarget({ targets: [{ name: FIRST, luns: { 0: new TestDevice('FIRST01') } }], nopInIntervalMs: 0 });
    const { port } = await target.listen(0, '127.0.0.1');
    try {
      assert.deepEqual((await discoverIscsiTargets(`127.0.0.1:${port}`)).map((t) => t.name), [FIRST]);
      target.addTarget({ name: LATER, luns: { 0: new TestDevice('LATER01') } });
      assert.throws(() => target.addTarget({ name: LATER, luns: {} }), /target iqn\.2024-01\.org\.changer\.test:later is already served/);
      assert.deepEqual((await discoverIscsiTargets(`127.0.0.1:${port}`)).map((t) => t.name).sort(), [FIRST, LATER]);

      const later = await IscsiTransport.open(`iscsi://127.0.0.1:${port}/${LATER}/0`, { connectAttempts: 1 });
      const first = await IscsiTransport.open(`iscsi://127.0.0.1:${port}/${FIRST}/0`, { connectAttempts: 1 });
      try {
        assert.equal((await later.execute({ cdb: TUR })).status, 0);
        assert.equal(target.sessionCount, 2);
        await target.removeTarget(LATER, { graceMs: 200 });
        assert.deepEqual(target.targetNames, [FIRST]);
        assert.equal(target.sessionCount, 1, 'the removed IQN\'s session is gone, the other one stays');
        assert.equal((await first.execute({ cdb: TUR })).status, 0);
        assert.deepEqual((await discoverIscsiTargets(`127.0.0.1:${port}`)).map((t) => t.name), [FIRST]);
        await assert.rejects(IscsiTransport.open(`iscsi://127.0.0.1:${port}/${LATER}/0`, { connectAttempts: 1 }), /not found|NotFound|02\/03/i);
        await target.removeTarget(LATER);
      } finally {
        await later.close();
        await first.close();
      }
    } finally {
      await target.close({ graceMs: 100 });
    }
  });
});
