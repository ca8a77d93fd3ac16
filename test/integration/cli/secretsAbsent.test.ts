import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { emulateCommand } from '../../../src/cli/commands/emulate.ts';
import { runMtx } from '../../../src/cli/mtx/mtxProgram.ts';
import { changer } from './client/captureRun.ts';

// A library reached over iSCSI with CHAP: the secret is in the device URL the user gives, and it
// must come back in no output — `changer info` (text and JSON), `changer status --json`,
// `changer-mtx status` (Bacula logs it) and the errors that quote the URL.

const SECRET = 'a-long-secret-12';
const abort = new AbortController();
let dir: string;
let url: string;
let withSecret: string;

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'changer-secret-'));
  const out = new PassThrough();
  const err = new PassThrough();
  err.resume();
  const listening = new Promise<{ libraries: { url: string }[] }>((resolve) => {
    let text = '';
    out.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const line = text.split('\n').find((l) => l.includes('"event":"listening"'));
      if (line !== undefined) resolve(JSON.parse(line) as { libraries: { url: string }[] });
    });
  });
  void emulateCommand({ json: true, out, err }, { listen: '127.0.0.1:0', library: [`${join(dir, 'library')}?profile=library-24&clock=virtual`], chap: `host1:${SECRET}` }, abort.signal).catch(() => undefined);
  url = (await listening).libraries[0]!.url; // iscsi://127.0.0.1:<port>/<iqn>/0
  withSecret = url.replace('iscsi://', `iscsi://host1:${SECRET}@`);
});

after(async () => {
  abort.abort();
  await rm(dir, { recursive: true, force: true });
});

const shown = (): string => url.replace('iscsi://', 'iscsi://host1@');

test('changer info: the Device line and the JSON name the CHAP user, never the secret', async () => {
  const text = await changer(['info', '--device', withSecret]);
  assert.equal(text.code, 0, text.err);
  assert.equal(text.out.split('\n')[0], `Device:     ${shown()}`);
  const json = await changer(['info', '--device', withSecret, '--json']);
  assert.equal((JSON.parse(json.out) as { device: string }).device, shown());
  assert.equal(json.out.includes(SECRET), false);
});

test('changer status --json: the device without its secret', async () => {
  const json = await changer(['status', '--device', withSecret, '--json']);
  assert.equal((JSON.parse(json.out) as { device: string }).device, shown());
});

test('changer-mtx status: the Storage Changer header without the secret', async () => {
  const out = new Capture();
  const err = new Capture();
  const code = await runMtx(['-f', withSecret, 'status'], { out, err, env: {} });
  assert.equal(code, 0, err.text);
  assert.equal(out.text.split('\n')[0], `  Storage Changer ${shown()}:2 Drives, 25 Slots ( 1 Import/Export )`);
});

test('a wrong secret: the error names the URL without the secret, in changer and changer-mtx', async () => {
  const wrong = url.replace('iscsi://', 'iscsi://host1:the-wrong-secret-1@');
  const target = /^iscsi:\/\/([^/]+)\/([^/]+)\/0$/.exec(url)!;
  const refusal = `${target[1]} (${target[2]}): iSCSI login failed: authentication failure (02/01); the target refused CHAP user 'host1': check the --chap credentials (user and secret in iscsi://user@host/… must match the target's)`;
  assert.deepEqual(await changer(['info', '--device', wrong]), { code: 7, out: '', err: `changer: ${refusal} [DEVICE_NOT_CONNECTED]\n` });
  const err = new Capture();
  const code = await runMtx(['-f', wrong, 'status'], { out: new Capture(), err, env: { CHANGER_MTX_WAIT: '0' } });
  assert.deepEqual([code, err.text], [1, `cannot open SCSI device '${shown()}' - ${refusal}\n`]);
});

test('an unparsable URL quoting a secret: refused without the secret', async () => {
  const run = await changer(['info', '--device', `iscsi://host1:${SECRET}@127.0.0.1:notaport/iqn.x/0`]);
  assert.deepEqual(run, { code: run.code, out: '', err: `changer: 'iscsi://host1@127.0.0.1:notaport/iqn.x/0' is not an iSCSI device URL: malformed host or port (use iscsi://host[:port]/<iqn>/<lun>) [NO_SUCH_DEVICE]\n` });
});
