import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { ChangerError } from '../../../src/shared/changerError.ts';
import { IscsiTarget } from '../../../src/iscsi/target/index.ts';
import { IscsiTransport } from '../../../src/transport/iscsiTransport.ts';
import { TestDevice } from './testDevice.ts';

// A refused CHAP login reaches the user as one ChangerError that says what to check: the
// credentials in the URL against the target's --chap, or the target's mutual secret.

const IQN = 'iqn.2026-11.dev.changer.test:chap';
const HOST = { username: 'host1', secret: 'host1-secret-0123' };
const LIBRARY = { username: 'library', secret: 'library-secret-4567' };
let target: IscsiTarget;
let base = '';

before(async () => {
  target = new IscsiTarget({ targets: [{ name: IQN, luns: { 0: new TestDevice('CHAP0001', 0x08) }, chap: { ...HOST, mutual: LIBRARY } }] });
  base = `127.0.0.1:${(await target.listen(0)).port}`;
});

after(() => target.close({ graceMs: 200 }));

async function refusal(url: string, options: Parameters<typeof IscsiTransport.open>[1] = {}): Promise<ChangerError> {
  try {
    const transport = await IscsiTransport.open(url, { connectAttempts: 1, ...options });
    await transport.close();
  } catch (e) {
    assert.ok(e instanceof ChangerError, String(e));
    return e;
  }
  assert.fail('the login was accepted');
}

describe('CHAP refusals', () => {
  it('a wrong secret: DEVICE_NOT_CONNECTED, 02/01, names the user and says to check --chap', async () => {
    const error = await refusal(`iscsi://host1:wrong-secret-000@${base}/${IQN}/0`);
    assert.equal(error.code, 'DEVICE_NOT_CONNECTED');
    assert.equal(
      error.message,
      `${base} (${IQN}): iSCSI login failed: authentication failure (02/01); the target refused CHAP user 'host1': check the --chap credentials (user and secret in iscsi://user:secret@host/… must match the target's)`,
    );
    assert.ok(!error.message.includes('wrong-secret-000'), 'the secret is never printed');
  });

  it('no credentials: says the target requires CHAP and how to give them', async () => {
    const error = await refusal(`iscsi://${base}/${IQN}/0`);
    assert.equal(error.code, 'DEVICE_NOT_CONNECTED');
    assert.match(error.message, /authentication failure \(02\/01\); the target requires CHAP: give credentials as iscsi:\/\/user:secret@host\[:port\]\/<iqn>\/<lun>/);
  });

  it('a target that fails mutual CHAP: we refuse it and say to check the mutual credentials', async () => {
    const error = await refusal(`iscsi://${base}/${IQN}/0`, { chap: { ...HOST, mutual: { username: 'library', secret: 'impostor-secret-99' } } });
    assert.equal(error.code, 'DEVICE_NOT_CONNECTED');
    assert.match(error.message, /the target failed mutual CHAP authentication; the target did not prove itself with the mutual CHAP secret we expect: check the mutual CHAP credentials \(the target's --mutual-chap\)$/);
  });

  it('the right credentials, mutual included, log in', async () => {
    const transport = await IscsiTransport.open(`iscsi://${base}/${IQN}/0`, { chap: { ...HOST, mutual: LIBRARY } });
    try {
      assert.equal((await transport.execute({ cdb: Uint8Array.of(0, 0, 0, 0, 0, 0) })).status, 0);
    } finally {
      await transport.close();
    }
  });
});
