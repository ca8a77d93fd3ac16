import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withoutSecret, withoutSecrets } from '../../../src/shared/secrets.ts';

test('withoutSecret keeps the user of a URL and drops its password, in a URL or in any text quoting one', () => {
  assert.equal(withoutSecret('iscsi://host1:a-long-secret-12@127.0.0.1:3300/iqn.x:lib/0'), 'iscsi://host1@127.0.0.1:3300/iqn.x:lib/0');
  assert.equal(withoutSecret('iscsi://backup%s3cret-secret@10.0.0.5/iqn.x/1'), 'iscsi://backup@10.0.0.5/iqn.x/1');
  assert.equal(withoutSecret("cannot open SCSI device 'iscsi://u:secret-0123456@h/iqn.x/0' - refused"), "cannot open SCSI device 'iscsi://u@h/iqn.x/0' - refused");
  assert.equal(withoutSecret('catalog postgres://changer:pg-pass@db:5432/changer down; retry iSCSI://a:b@h/i/0'), 'catalog postgres://changer@db:5432/changer down; retry iSCSI://a@h/i/0');
  assert.equal(withoutSecret('postgres://us%40er:p@db/x'), 'postgres://us%40er@db/x');
  for (const plain of ['iscsi://10.0.0.5/iqn.x/0', 'virtual:/data/lib?lun=2', 'sg:/dev/sg3', 'mail me@host', 'rsm://127.0.0.1:7800/library-24']) assert.equal(withoutSecret(plain), plain);
});

test('withoutSecrets walks a log record: strings at any depth, other values as they are', () => {
  const record = { library: 'lib', err: 'iscsi://u:secret-0123456@h/i/0: gone', n: 3, nested: { urls: ['postgres://a:b@db/x'] }, at: null };
  assert.deepEqual(withoutSecrets(record), { library: 'lib', err: 'iscsi://u@h/i/0: gone', n: 3, nested: { urls: ['postgres://a@db/x'] }, at: null });
});
