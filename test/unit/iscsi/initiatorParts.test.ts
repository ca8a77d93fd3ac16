import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { isChangerError } from '../../../src/shared/changerError.ts';
import { CommandWindow } from '../../../src/iscsi/initiator/commandWindow.ts';
import { decodeLun, encodeLun } from '../../../src/iscsi/lun.ts';
import { parsePortal, parseTargetAddress, targetsFromText } from '../../../src/transport/iscsiDiscovery.ts';
import { formatIscsiUrl, parseIscsiUrl } from '../../../src/transport/iscsiUrl.ts';

describe('iscsi:// URLs', () => {
  it('parses host, port, IQN, LUN and CHAP credentials; formats without the secret', () => {
    const url = parseIscsiUrl('iscsi://host1:s%3Acret@127.0.0.1:3261/iqn.2024-01.test.harness:changer-3261/3');
    assert.deepEqual(url, { host: '127.0.0.1', port: 3261, targetName: 'iqn.2024-01.test.harness:changer-3261', lun: 3, username: 'host1', secret: 's:cret' });
    assert.equal(formatIscsiUrl(url), 'iscsi://127.0.0.1:3261/iqn.2024-01.test.harness:changer-3261/3');
    assert.equal(formatIscsiUrl(url, { withCredentials: true }), 'iscsi://host1:s%3Acret@127.0.0.1:3261/iqn.2024-01.test.harness:changer-3261/3');
  });

  it('defaults the port to 3260, takes IPv6 in brackets and libiscsi user%secret', () => {
    assert.deepEqual(parseIscsiUrl('iscsi://[::1]/iqn.a:b/0'), { host: '::1', port: 3260, targetName: 'iqn.a:b', lun: 0 });
    assert.equal(formatIscsiUrl(parseIscsiUrl('iscsi://[::1]/iqn.a:b/0')), 'iscsi://[::1]/iqn.a:b/0');
    assert.deepEqual(parseIscsiUrl('iscsi://bob%pw@h/iqn.a/1'), { host: 'h', port: 3260, targetName: 'iqn.a', lun: 1, username: 'bob', secret: 'pw' });
  });

  it('refuses malformed URLs with NO_SUCH_DEVICE, never echoing a secret', () => {
    for (const bad of ['iscsi://h/iqn.a', 'iscsi://h/iqn.a/x', 'iscsi://h/iqn.a/20000', 'iscsi://h:70000/iqn.a/0', 'iscsi://h/notaname/0', 'http://h/iqn.a/0']) {
      assert.throws(() => parseIscsiUrl(bad), (e: unknown) => isChangerError(e, 'NO_SUCH_DEVICE'), bad);
    }
    assert.throws(() => parseIscsiUrl('iscsi://u:topsecret@h/x/0'), (e: unknown) => !(e as Error).message.includes('topsecret'));
  });
});

describe('discovery text', () => {
  it('TargetAddress values and portals', () => {
    assert.deepEqual(parseTargetAddress('10.0.0.1:3261,2'), { host: '10.0.0.1', port: 3261, portalGroupTag: 2 });
    assert.deepEqual(parseTargetAddress('[fe80::1]:3260,1'), { host: 'fe80::1', port: 3260, portalGroupTag: 1 });
    assert.deepEqual(parseTargetAddress('storage.example'), { host: 'storage.example', port: 3260, portalGroupTag: undefined });
    assert.deepEqual(parsePortal('iscsi://10.1.1.27:3261'), { host: '10.1.1.27', port: 3261 });
    assert.deepEqual(targetsFromText([['TargetName', 'iqn.a'], ['TargetAddress', 'h:1,1'], ['TargetAddress', 'g:2,1'], ['TargetName', 'iqn.b']]).map((t) => [t.name, t.portals.length]), [['iqn.a', 2], ['iqn.b', 0]]);
  });
});

describe('LUN field', () => {
  it('peripheral addressing below 256, flat space above; other addressing is not ours', () => {
    assert.equal(encodeLun(1), 0x0001_0000_0000_0000n);
    assert.equal(encodeLun(300), 0x412c_0000_0000_0000n);
    for (const lun of [0, 1, 255, 256, 16383]) assert.equal(decodeLun(encodeLun(lun)), lun);
    assert.equal(decodeLun(0x0101_0000_0000_0000n), undefined, 'bus 1');
    assert.equal(decodeLun(0x0001_0001_0000_0000n), undefined, 'a second level');
    assert.throws(() => encodeLun(16384), RangeError);
  });
});

describe('initiator command window', () => {
  it('takes CmdSNs, follows window updates forward only, ignores impossible windows', () => {
    const w = new CommandWindow({ cmdSN: 10, expCmdSN: 10, maxCmdSN: 10, statSN: 5 });
    assert.equal(w.expStatSN, 6);
    assert.equal(w.take(), 10);
    assert.equal(w.isOpen, false);
    w.update(9, 7); // MaxCmdSN < ExpCmdSN - 1: not a window
    assert.equal(w.isOpen, false);
    w.update(11, 12);
    assert.equal(w.isOpen, true);
    w.update(10, 10); // an older PDU arriving late changes nothing
    assert.equal(w.isOpen, true);
    w.statusReceived(9);
    w.statusReceived(7);
    assert.equal(w.expStatSN, 10);
  });

  it('a closed window is waited for, and the wait ends with the signal', async () => {
    const w = new CommandWindow({ cmdSN: 0xffffffff, expCmdSN: 0xfffffffe, maxCmdSN: 0xfffffffe, statSN: 0 });
    const opened = w.whenOpen(AbortSignal.timeout(1000));
    w.update(0xffffffff, 3);
    await opened;
    const closed = new CommandWindow({ cmdSN: 1, expCmdSN: 1, maxCmdSN: 0, statSN: 0 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('gave up')), 20); // a referenced timer keeps the test alive
    await assert.rejects(closed.whenOpen(controller.signal), /gave up/);
  });
});
