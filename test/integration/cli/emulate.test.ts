import { strict as assert } from 'node:assert';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { runChanger } from '../../../src/cli/changerProgram.ts';
import { IscsiTransport } from '../../../src/transport/iscsiTransport.ts';

// `changer emulate` as a user runs it: a child process serving virtual libraries over iSCSI on a
// free port, driven by our own `changer` command (and libiscsi's iscsi-inq when installed), then
// stopped with SIGTERM — which must exit 0 with every library saved.

const CHANGER = join(import.meta.dirname, '../../../src/cli/changer.ts');

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

async function changer(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Capture();
  const err = new Capture();
  const code = await runChanger(args, { out, err, env: {} });
  return { code, out: out.text, err: err.text };
}

interface ListeningEvent {
  readonly event: 'listening';
  readonly host: string;
  readonly port: number;
  readonly chap: { username: string; mutual: boolean } | null;
  readonly libraries: readonly {
    iqn: string;
    lun: number;
    url: string;
    dir: string;
    profile: string;
    clock: string;
    drives: readonly { lun: number; url: string; serial: string }[];
  }[];
}

/** A running `changer emulate`: its first line (the listening event with --json, else the text) and every later one. */
class Emulator {
  readonly lines: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;
  private waiters: (() => void)[] = [];

  constructor(readonly child: ChildProcess) {
    const out = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    out.on('line', (line) => {
      this.lines.push(line);
      for (const w of this.waiters.splice(0)) w();
    });
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
      this.stderr.push(line);
      for (const w of this.waiters.splice(0)) w();
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => {
      for (const w of this.waiters.splice(0)) w();
      resolve(code);
    }));
  }

  static start(args: readonly string[]): Emulator {
    return new Emulator(spawn(process.execPath, ['--import', 'tsx', CHANGER, 'emulate', '--listen', '127.0.0.1:0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  /** The first line of stdout (or of `from`) matching, waiting up to 30 s (tsx compiles on first start). */
  async line(pattern: RegExp, from: readonly string[] = this.lines): Promise<string> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = from.find((l) => pattern.test(l));
      if (found !== undefined) return found;
      if (this.child.exitCode !== null) assert.fail(`changer emulate exited ${this.child.exitCode}: ${this.stderr.join('\n')}`);
      if (Date.now() > deadline) assert.fail(`no line matching ${pattern}: ${this.lines.join('\n')} ${this.stderr.join('\n')}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 500);
      });
    }
  }

  async listening(): Promise<ListeningEvent> {
    return JSON.parse(await this.line(/"event":"listening"/)) as ListeningEvent;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exited;
  }
}

function run(command: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 15_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

let root = '';
const emulators: Emulator[] = [];

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'changer-emulate-'));
});

after(async () => {
  for (const e of emulators) await e.stop('SIGKILL');
  await rm(root, { recursive: true, force: true });
});

function start(args: readonly string[]): Emulator {
  const emulator = Emulator.start(args);
  emulators.push(emulator);
  return emulator;
}

describe('changer emulate', () => {
  it('serves a library over iSCSI; a move made through it is saved when SIGTERM stops it', async (t) => {
    const dir = join(root, 'vault');
    const emulator = start(['--library', `${dir}?profile=library-24&clock=virtual`, '--json']);
    const listening = await emulator.listening();
    assert.equal(listening.host, '127.0.0.1');
    assert.ok(listening.port > 0);
    assert.equal(listening.chap, null);
    const iqn = 'iqn.2026-11.dev.changer:vault';
    const url = `iscsi://127.0.0.1:${listening.port}/${iqn}/0`;
    const drives = [1, 2].map((lun) => ({ lun, url: `iscsi://127.0.0.1:${listening.port}/${iqn}/${lun}`, serial: `10WT00000${lun}` }));
    assert.deepEqual(listening.libraries, [{ iqn, lun: 0, url, dir, profile: 'library-24', clock: 'virtual', drives }]);

    const before = await changer(['status', '--device', url]);
    assert.equal(before.code, 0, before.err);
    assert.match(before.out, /^slot:1 +full +A00001L8/m);
    assert.match(before.out, /^drive:0 +empty/m);

    const inq = await run('iscsi-inq', [url]);
    if (inq.code === -1) t.diagnostic('iscsi-inq is not installed (apt-get install libiscsi-bin): skipped that check');
    else {
      assert.equal(inq.code, 0, inq.stdout + inq.stderr);
      assert.match(inq.stdout, /^Peripheral Device Type:MEDIA_CHANGER$/m);
    }

    const moved = await changer(['move', 'slot:1', 'drive:0', '--device', url]);
    assert.equal(moved.code, 0, moved.err);
    assert.equal(moved.out, 'Moved slot:1 to drive:0\n');

    assert.equal(await emulator.stop('SIGTERM'), 0, emulator.stderr.join('\n'));
    const stopped = JSON.parse(await emulator.line(/"event":"stopped"/)) as { reason: string; saved: { iqn: string; state: string }[] };
    assert.equal(stopped.reason, 'SIGTERM');
    assert.deepEqual(stopped.saved, [{ iqn, state: join(dir, 'library-state.json') }]);

    const reopened = await changer(['status', '--device', `virtual:${dir}?clock=virtual`]);
    assert.equal(reopened.code, 0, reopened.err);
    assert.match(reopened.out, /^slot:1 +empty/m);
    assert.match(reopened.out, /^drive:0 +full +A00001L8 +slot:1/m);
  });

  it('two libraries, each its own IQN; CHAP: a wrong secret is refused with a clear error, many sessions at once', async () => {
    const small = join(root, 'small');
    const big = join(root, 'Big Library');
    const emulator = start([
      '--library', `${small}?profile=autoloader-8&clock=virtual`, '--library', `virtual:${big}?profile=library-24&clock=virtual`,
      '--chap', 'host1:host1-secret-0123', '--iqn-prefix', 'iqn.2026-11.test.example', '--json',
    ]);
    const listening = await emulator.listening();
    assert.deepEqual(listening.chap, { username: 'host1', mutual: false });
    assert.deepEqual(listening.libraries.map((l) => [l.iqn, l.profile]), [['iqn.2026-11.test.example:small', 'autoloader-8'], ['iqn.2026-11.test.example:big-library', 'library-24']]);
    const at = (iqn: string, credentials: string): string => `iscsi://${credentials}@127.0.0.1:${listening.port}/${iqn}/0`;

    const wrong = await changer(['status', '--device', at('iqn.2026-11.test.example:small', 'host1:not-the-secret')]);
    assert.equal(wrong.code, 7);
    assert.equal(wrong.out, '');
    assert.match(wrong.err, /^changer: 127\.0\.0\.1:\d+ \(iqn\.2026-11\.test\.example:small\): iSCSI login failed: authentication failure \(02\/01\); the target refused CHAP user 'host1': check the --chap credentials .* \[DEVICE_NOT_CONNECTED\]\n$/);
    assert.ok(!wrong.err.includes('not-the-secret'));
    assert.match(await emulator.line(/refused/, emulator.stderr), /^changer emulate: iSCSI login from 127\.0\.0\.1:\d+ refused: .*authentication failure/);

    const info = await changer(['info', '--json', '--device', at('iqn.2026-11.test.example:big-library', 'host1:host1-secret-0123')]);
    assert.equal(info.code, 0, info.err);
    assert.equal((JSON.parse(info.out) as { elements: { slots: number } }).elements.slots, 24);

    // Many initiators at once, each its own session on either library.
    const transports = await Promise.all(listening.libraries.flatMap((l) => [1, 2, 3].map(() => IscsiTransport.open(l.url, { chap: { username: 'host1', secret: 'host1-secret-0123' } }))));
    try {
      const statuses = await Promise.all(transports.map(async (transport) => {
        await transport.execute({ cdb: Uint8Array.of(0, 0, 0, 0, 0, 0) }); // the power-on unit attention
        return (await transport.execute({ cdb: Uint8Array.of(0, 0, 0, 0, 0, 0) })).status;
      }));
      assert.deepEqual(statuses, [0, 0, 0, 0, 0, 0]);
    } finally {
      await Promise.all(transports.map((transport) => transport.close()));
    }
    assert.equal(await emulator.stop('SIGINT'), 0, emulator.stderr.join('\n'));
  });

  it('prints the URL to use in text mode, and says what it saved', async () => {
    const dir = join(root, 'text');
    const emulator = start(['--library', `${dir}?profile=library-24&clock=virtual`]);
    const line = await emulator.line(/changer status --device iscsi:/);
    assert.match(line, /^ {4}changer status --device iscsi:\/\/127\.0\.0\.1:\d+\/iqn\.2026-11\.dev\.changer:text\/0$/);
    assert.match(emulator.lines[0] ?? '', /^Listening on 127\.0\.0\.1:\d+, 1 virtual library:$/);
    assert.equal(await emulator.stop(), 0);
    assert.deepEqual(emulator.lines.slice(-2), ['SIGTERM: stopping, 0 sessions open', `Saved iqn.2026-11.dev.changer:text to ${join(dir, 'library-state.json')}`]);
  });
});

describe('changer emulate: bad arguments', () => {
  const cases: readonly [string, string[], RegExp][] = [
    ['a --listen without a port', ['--listen', 'localhost'], /^changer: --listen 'localhost' is not <host>:<port>/],
    ['a port out of range', ['--listen', '127.0.0.1:70000'], /--listen '127\.0\.0\.1:70000' is not <host>:<port>/],
    ['--chap without a secret', ['--chap', 'host1'], /^changer: --chap needs user:secret/],
    ['--mutual-chap alone', ['--mutual-chap', 'lib:secret-secret'], /^changer: --mutual-chap needs --chap/],
    ['a bad IQN prefix', ['--iqn-prefix', 'Changer'], /^changer: --iqn-prefix 'Changer' is not an iSCSI qualified name prefix/],
    ['an unknown library parameter', ['--library', '/tmp/x?profile=library-24&speed=2'], /unknown parameter 'speed'/],
    ['an unknown profile', ['--library', 'PROFILE?profile=no-such-library'], /No library profile named "no-such-library"/],
    ['an unknown clock', ['--library', 'PROFILE?profile=library-24&clock=warp'], /Unknown clock "warp"/],
    ['two libraries with the same name', ['--library', 'A/lib?profile=library-24', '--library', 'B/lib?profile=library-24'], /would both be iqn\.2026-11\.dev\.changer:lib/],
  ];
  for (const [name, args, message] of cases) {
    it(`${name}: one line, exit code 2`, async () => {
      const resolved = args.map((a) => a.replace(/^PROFILE/, join(root, 'bad')).replace(/^([AB])\//, (_, d: string) => join(root, d) + '/'));
      // A --listen of the case comes later and wins.
      const result = await changer(['emulate', '--listen', '127.0.0.1:0', ...resolved]);
      assert.equal(result.code, 2, result.err);
      assert.equal(result.out, '');
      assert.match(result.err, message);
      assert.equal(result.err.split('\n').length, 2, 'one line');
    });
  }

  it('a port in use: a clear message, exit code 1, and the library is released', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const address = busy.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const dir = join(root, 'busy');
      const result = await changer(['emulate', '--listen', `127.0.0.1:${port}`, '--library', `${dir}?profile=library-24&clock=virtual`]);
      assert.equal(result.code, 1);
      assert.equal(result.err, `changer: cannot listen on 127.0.0.1:${port}: the port is already in use (another iSCSI target such as tgtd or iscsitarget, or another changer emulate); choose another with --listen\n`);
      const status = await changer(['status', '--device', `virtual:${dir}?clock=virtual`]);
      assert.equal(status.code, 0, status.err);
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });
});
