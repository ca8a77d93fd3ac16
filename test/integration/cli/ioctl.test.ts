import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runChanger } from '../../../src/cli/changerProgram.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

let dir = '';

async function changer(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Capture();
  const err = new Capture();
  const code = await runChanger([...args, '--device', `virtual:${dir}?profile=library-24&clock=virtual`], { out, err, env: {} });
  return { code, out: out.text, err: err.text };
}

interface IoctlJson { ioctl: string; code: string; status: string; statusName: string; bytesReturned: number; output: string; message: string | null }

test('changer ioctl: statuses and bytes of the class driver, through the CLI', async (t) => {
  dir = await mkdtemp(join(tmpdir(), 'changer-ioctl-'));
  t.after(() => rm(dir, { recursive: true, force: true }));

  await t.test('GET_PARAMETERS prints the status line and the 60 bytes, Size 3Ch first', async () => {
    const r = await changer('ioctl', 'GET_PARAMETERS');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.equal(lines[0], 'IOCTL_CHANGER_GET_PARAMETERS (0x00304000): STATUS_SUCCESS (0x00000000)');
    assert.equal(lines[1], 'Output (60 bytes):');
    assert.match(lines[2] ?? '', /^ 0000 {2}3c 00 00 00 01 00 18 00 /);
    assert.equal(lines.length, 2 + 4 + 1);
  });

  await t.test('an output buffer of 59 bytes is STATUS_INFO_LENGTH_MISMATCH, exit code 6 (illegal request)', async () => {
    const r = await changer('ioctl', '0x00304000', '--out-length', '59');
    assert.equal(r.code, 6);
    assert.equal(r.out, 'IOCTL_CHANGER_GET_PARAMETERS (0x00304000): STATUS_INFO_LENGTH_MISMATCH (0xC0000004): IOCTL_CHANGER_GET_PARAMETERS: the output buffer needs at least 60 bytes, given 59\n');
  });

  await t.test('GET_ELEMENT_STATUS of both drives: 312 bytes of room gets the 156-byte _EX stride, 311 the 100-byte one, 199 STATUS_BUFFER_TOO_SMALL', async () => {
    // CHANGER_READ_ELEMENT_STATUS: ChangerDrive (4), index 0, 2 elements, no volume tags.
    const input = '04000000 00000000 02000000 00 000000';
    const ex = JSON.parse((await changer('ioctl', 'IOCTL_CHANGER_GET_ELEMENT_STATUS', '--in', input, '--out-length', '312', '--json')).out) as IoctlJson;
    assert.deepEqual([ex.status, ex.bytesReturned], ['0x00000000', 312]);
    // The second entry's Element is drive 1; its _EX tail names the drive: vendor IBM, product ULTRIUM-HH8.
    assert.equal(ex.output.slice(156 * 2, 164 * 2), '0400000001000000');
    assert.equal(Buffer.from(ex.output.slice((156 + 100) * 2, (156 + 124) * 2), 'hex').toString('latin1'), 'IBM     ULTRIUM-HH8     ');
    const plain = JSON.parse((await changer('ioctl', 'GET_ELEMENT_STATUS', '--in', input, '--out-length', '311', '--json')).out) as IoctlJson;
    assert.equal(plain.bytesReturned, 200);
    const small = await changer('ioctl', 'GET_ELEMENT_STATUS', '--in', input, '--out-length', '199', '--json');
    assert.equal(small.code, 6);
    assert.equal((JSON.parse(small.out) as IoctlJson).statusName, 'STATUS_BUFFER_TOO_SMALL');
  });

  await t.test('GET_MEDIA_TYPES_EX goes to a drive: without --drive a usage error, with --drive drive:0 the LTO-8 drive\'s three densities', async () => {
    const noDrive = await changer('ioctl', 'GET_MEDIA_TYPES_EX');
    assert.equal(noDrive.code, 2);
    assert.equal(noDrive.err, "changer: IOCTL_STORAGE_GET_MEDIA_TYPES_EX goes to a drive, not the changer: add --drive drive:N (see 'changer --help')\n");
    const r = await changer('ioctl', 'GET_MEDIA_TYPES_EX', '--drive', 'drive:0', '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as IoctlJson;
    assert.deepEqual([j.ioctl, j.code, j.bytesReturned], ['IOCTL_STORAGE_GET_MEDIA_TYPES_EX', '0x002D0C04', 104]);
    assert.equal(j.output.slice(0, 16), '1f00000003000000');
  });

  await t.test('a name that is no control code is a usage error naming the known ones', async () => {
    const r = await changer('ioctl', 'FLY');
    assert.equal(r.code, 2);
    assert.match(r.err, /^changer: 'FLY' is not a control code: give a number \(0x00304000\) or one of GET_PARAMETERS, GET_STATUS, /);
  });
});
