import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { deviceKey, parseDeviceUrl, withoutSecret } from '../../../src/transport/deviceUrl.ts';
import { ChangerError } from '../../../src/shared/changerError.ts';

test('virtual URLs resolve the directory and read profile and clock', () => {
  assert.deepEqual(parseDeviceUrl('virtual:./data/lib?profile=library-24'), { scheme: 'virtual', dir: resolve('data/lib'), profile: 'library-24', clock: undefined, lun: 0 });
  assert.deepEqual(parseDeviceUrl('virtual:/tmp/x?profile=autoloader-8&clock=virtual'), { scheme: 'virtual', dir: '/tmp/x', profile: 'autoloader-8', clock: 'virtual', lun: 0 });
  assert.equal(deviceKey(parseDeviceUrl('virtual:/tmp/x?profile=a')), deviceKey(parseDeviceUrl('virtual:/tmp/./x')));
});

test('virtual URLs with lun=n name drive n−1 of the library, a device apart from its changer', () => {
  assert.deepEqual(parseDeviceUrl('virtual:/tmp/x?lun=2'), { scheme: 'virtual', dir: '/tmp/x', profile: undefined, clock: undefined, lun: 2 });
  assert.equal(deviceKey(parseDeviceUrl('virtual:/tmp/x?lun=2')), 'virtual:/tmp/x#lun=2');
  assert.equal(deviceKey(parseDeviceUrl('virtual:/tmp/x?lun=0&profile=a')), 'virtual:/tmp/x');
  for (const bad of ['virtual:/tmp/x?lun=-1', 'virtual:/tmp/x?lun=one', 'virtual:/tmp/x?lun=16384', 'virtual:/tmp/x?lun=']) {
    assert.throws(() => parseDeviceUrl(bad), (e: unknown) => e instanceof ChangerError && e.code === 'NO_SUCH_DEVICE' && /lun '.*' is not a number from 0 to 16383/.test(e.message), bad);
  }
});

test('iscsi, sg and rsm URLs', () => {
  assert.deepEqual(parseDeviceUrl('iscsi://127.0.0.1:3261/iqn.2024-01.test:c/0'), { scheme: 'iscsi', url: 'iscsi://127.0.0.1:3261/iqn.2024-01.test:c/0' });
  assert.equal(deviceKey(parseDeviceUrl('iscsi://user:pw@Host/iqn.x/0')), 'iscsi://host/iqn.x/0');
  assert.deepEqual(parseDeviceUrl('sg:/dev/sg3'), { scheme: 'sg', path: '/dev/sg3' });
  assert.deepEqual(parseDeviceUrl('rsm://127.0.0.1:7800/lib1'), { scheme: 'rsm', host: '127.0.0.1', port: 7800, library: 'lib1' });
  assert.deepEqual(parseDeviceUrl('rsm://manager/lib%20a'), { scheme: 'rsm', host: 'manager', port: 7800, library: 'lib a' });
});

test('bad URLs are NO_SUCH_DEVICE with a message saying what a URL looks like', () => {
  for (const bad of ['', 'nothing', 'ftp://x', 'virtual:', 'virtual:/x?color=red', 'sg:sg0', 'iscsi:host', 'rsm://host:7800/']) {
    assert.throws(() => parseDeviceUrl(bad), (e: unknown) => e instanceof ChangerError && e.code === 'NO_SUCH_DEVICE' && e.message.includes('use virtual:<dir>'), bad);
  }
});

test('withoutSecret keeps the CHAP user of an iSCSI URL and drops the secret; other URLs are unchanged', () => {
  assert.equal(withoutSecret('iscsi://backup:s3cr%40t@10.0.0.5:3260/iqn.2026-11.dev.changer:lib/1'), 'iscsi://backup@10.0.0.5:3260/iqn.2026-11.dev.changer:lib/1');
  assert.equal(withoutSecret('iscsi://10.0.0.5/iqn.x/0'), 'iscsi://10.0.0.5/iqn.x/0');
  assert.equal(withoutSecret('virtual:/data/lib?lun=2'), 'virtual:/data/lib?lun=2');
  assert.equal(withoutSecret('sg:/dev/sg3'), 'sg:/dev/sg3');
});
