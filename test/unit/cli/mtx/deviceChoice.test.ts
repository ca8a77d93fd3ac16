import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Writable } from 'node:stream';
import { runMtxWith } from '../../../../src/cli/mtx/mtxProgram.ts';
import { parseMtxArguments } from '../../../../src/cli/mtx/mtxArguments.ts';
import { defaultDeviceName } from '../../../../src/cli/mtx/deviceName.ts';
import { USAGE_TEXT } from '../../../../src/cli/mtx/usageText.ts';

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  return { stream: new Writable({ write: (c: Buffer, _e, done) => void ((text += c.toString()), done()) }), text: () => text };
}

test('no -f, no $CHANGER, no $TAPE and no /dev/changer: a line saying what to give, mtx\'s usage, exit 1, and no library opened', async () => {
  const out = capture();
  const err = capture();
  const opened: string[] = [];
  const code = await runMtxWith(['status'], { out: out.stream, err: err.stream, env: {} }, (url) => {
    opened.push(url);
    return Promise.reject(new Error('must not open'));
  });
  assert.deepEqual([code, out.text(), opened], [1, '', []]);
  assert.equal(err.text(), 'changer-mtx: no changer named: give -f <device> (a device URL, /dev/sgN, or rsm://host:port/<library> for a library a manager owns) or set CHANGER\n' + USAGE_TEXT);
});

test('the default device is $CHANGER, then $TAPE, then /dev/changer where it exists, as mtx chooses', () => {
  assert.equal(defaultDeviceName({ CHANGER: '/dev/sg3', TAPE: '/dev/nst0' }, () => true), '/dev/sg3');
  assert.equal(defaultDeviceName({ CHANGER: '', TAPE: '/dev/nst0' }, () => true), '/dev/nst0');
  assert.equal(defaultDeviceName({}, (path) => path === '/dev/changer'), '/dev/changer');
  assert.equal(defaultDeviceName({}, () => false), undefined);
});

test('--device is -f by another name', () => {
  assert.deepEqual(parseMtxArguments(['--device', 'rsm://h:7800/lib', 'status']), parseMtxArguments(['-f', 'rsm://h:7800/lib', 'status']));
  assert.deepEqual(parseMtxArguments(['--device']), [{ kind: 'usage' }]);
});
